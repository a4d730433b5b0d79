"""The statements themselves and the LRS settings: pure values, checked without an LRS (and by
Learning Locker's validator when it is installed)."""
from __future__ import annotations

import pytest

from hrtraining.practice.xapi import (AttemptStatements, LrsSettings, Option, SettingsError, Vocabulary,
                                      WrittenReply, load_settings, overall_percent)

REG = "0d6f1c2a-3b4e-4f5a-8b9c-1d2e3f4a5b6c"


def _st(**settings) -> AttemptStatements:
    v = Vocabulary(LrsSettings(url="https://lrs.agency.org/xAPI/", home_page="https://agency.org", **settings))
    return AttemptStatements(v, v.person("4f0c2a9e6b1d4e8a9c3b7d2e1f0a5b6c", "Ana Lopez"), REG, scenario_id="ray",
                             scenario_hash="abc123", scenario_title="Ray", mode="assessment", source="terminal")


def _responded(st, reply=None):
    return st.responded(1, "opening", 2, "Tell me more.", score={"recognizing_improvement": 2}, codes=["question"],
                        critical=False, options=[Option(0, "A"), Option(2, "Tell me more.")], reply=reply)


def test_a_written_reply_leaves_only_when_the_trainee_allowed_it():
    st = _st()
    ext = st.v.ext
    kept = _responded(st, WrittenReply("My own words", shared=False))["result"]["extensions"]
    shared = _responded(st, WrittenReply("My own words", shared=True))["result"]["extensions"]
    none = _responded(st)["result"]["extensions"]
    assert kept[ext("written-reply-shared")] is False and ext("written-reply") not in kept
    assert "My own words" not in str(kept)
    assert shared[ext("written-reply")] == "My own words"
    assert ext("written-reply-shared") not in none


def test_ids_are_fresh_uuids_and_activities_name_the_scenario_version():
    st = _st()
    a, b = st.initialized(), st.initialized()
    assert a["id"] != b["id"] and len(a["id"]) == 36
    assert a["object"]["id"] == "https://agency.org/hrtraining/scenarios/ray/abc123"
    r = _responded(st)
    assert r["object"]["id"].endswith("/scenarios/ray/abc123/decisions/opening")
    assert r["result"]["response"] == "2" and [c["id"] for c in r["object"]["definition"]["choices"]] == ["0", "2"]
    assert r["context"]["registration"] == REG and r["context"]["revision"] == "abc123"


def test_the_actor_is_a_pseudonym_unless_the_agency_asks_for_names():
    assert _st().actor == {"objectType": "Agent", "account": {"homePage": "https://agency.org",
                                                              "name": "4f0c2a9e6b1d4e8a9c3b7d2e1f0a5b6c"}}
    named = _st(identify="name").actor
    assert named["account"]["name"] == "Ana Lopez" and "mbox" not in named


def test_overall_percent_counts_the_required_skills_from_zero_to_what_was_possible():
    report = {"scores": {"a": {"points": 3, "possible": 4, "required": True},
                         "b": {"points": -2, "possible": 4, "required": True},
                         "c": {"points": 9, "possible": 1, "required": False}}}
    assert overall_percent(report) == (0.375, 3, 8)
    assert overall_percent({"scores": {"a": {"points": 0, "possible": 0, "required": True}}}) is None
    done = _st().completed({"scores": {}, "level": None}, [])
    assert "score" not in done["result"] and done["result"]["completion"] is True


def test_every_kind_of_statement_is_valid_xapi(xapi_validator):
    st = _st()
    v = st.v
    report = {"version": 2, "level": "fair", "critical": 1, "codes": {"question": 1},
              "scores": {"a": {"points": 3, "possible": 4, "percent": 0.75, "level": "fair", "required": True}},
              "reflection_to_question": None, "ending": "end", "ending_title": "The end"}
    room = v.room("K7MQX4", REG)
    statements = [st.initialized(), _responded(st, WrittenReply("x", True)), st.completed(report, [("opening", 2)]),
                  st.rated("fair"),
                  st.responded(0, "opening", 1, "t", score={}, codes=[], critical=True,
                               actor=v.participant(REG, "tok"), team=room, vote=True)]
    assert xapi_validator.problems(statements) == {}


def test_settings_are_checked_and_the_environment_wins(tmp_path):
    with pytest.raises(SettingsError, match="must start with https://"):
        LrsSettings(url="lrs.agency.org/xAPI")
    with pytest.raises(SettingsError, match="must not hold a user name or password"):
        LrsSettings(url="https://me:pw@lrs.agency.org/xAPI/")
    s = LrsSettings(url="https://lrs.agency.org/xAPI/?token=t0ken", key="k3y", secret="s3cret")
    assert s.home_page == "https://lrs.agency.org" and s.activity_base == "https://lrs.agency.org/hrtraining"
    assert s.redact("url?token=t0ken k3y:s3cret Basic azN5OnMzY3JldA==") == "url?*** ***:*** Basic ***"
    assert "k3y" not in repr(s) and "s3cret" not in repr(s)
    (tmp_path / "lrs.json").write_text('{"url": "https://file.example/xAPI/", "key": "a", "secret": "b"}')
    assert load_settings(tmp_path, environ={}).url == "https://file.example/xAPI/"
    env = {"HRTRAINING_LRS_URL": "https://env.example/xAPI/", "HRTRAINING_LRS_KEY": "e"}
    got = load_settings(tmp_path, environ=env)
    assert (got.url, got.key, got.origin) == ("https://env.example/xAPI/", "e", "environment")
    (tmp_path / "lrs.json").write_text("{not json")
    with pytest.raises(SettingsError, match="lrs.json cannot be read"):
        load_settings(tmp_path, environ={})
    assert load_settings(tmp_path / "none", environ={}) is None
