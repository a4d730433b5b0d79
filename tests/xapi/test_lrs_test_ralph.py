"""``hrtraining lrs test`` against a real LRS (Ralph 5.1.0), which has no GET /about and sends no
X-Experience-API-Version header: the command must still recognise it, and tell a wrong secret
(401) from a wrong address."""
from __future__ import annotations


def test_lrs_test_passes_against_ralph(lrs_env, cli):
    code, out, err = cli("lrs", "test")
    assert code == 0, (out, err)
    assert "Credentials accepted" in out
    assert "not an LRS" not in out + err
    assert lrs_env.secret not in out + err


def test_lrs_test_says_401_for_a_wrong_secret_on_ralph(lrs_env, cli, monkeypatch):
    monkeypatch.setenv("HRTRAINING_LRS_SECRET", "not-the-secret-5e1d")
    code, out, err = cli("lrs", "test")
    assert code == 1
    assert "refused the key and secret (401)" in err
    assert "404" not in out + err and "not an LRS" not in err
    assert "not-the-secret-5e1d" not in out + err


def test_lrs_test_says_not_an_lrs_for_a_wrong_path_on_ralph(lrs_env, cli, monkeypatch):
    monkeypatch.setenv("HRTRAINING_LRS_URL", lrs_env.url.replace("/xAPI/", "/nothing-here/"))
    code, out, err = cli("lrs", "test")
    assert code == 1 and "not an LRS" in err
