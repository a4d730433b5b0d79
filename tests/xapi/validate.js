// Checks xAPI statements with Learning Locker's conformance-tested validator
// (@learninglocker/xapi-validation). Reads JSON lines on stdin, one statement a line; prints one JSON
// line per statement: {"id": ..., "problems": ["path: message", ...]}. Exits 0 (the caller judges).
// The module's folder is the first argument (installed by .ci/run under .cache/node).
const path = require('path');
const validate = require(path.join(process.argv[2], 'node_modules', '@learninglocker', 'xapi-validation')).default;
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  for (const line of input.split('\n')) {
    if (!line.trim()) continue;
    const statement = JSON.parse(line);
    const problems = validate(statement).map((w) => {
      const where = (w.path || []).join('.');
      const what = w.message || (w.constructor && w.constructor.name) || JSON.stringify(w);
      return `${where}: ${what}`;
    });
    process.stdout.write(JSON.stringify({ id: statement.id, problems }) + '\n');
  }
});
