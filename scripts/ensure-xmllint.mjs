#!/usr/bin/env node
// Makes sure the tests have xmllint (Debian's libxml2-utils), which validates the SCORM package's manifest against
// the SCORM 1.2 schema (tests/lms-scorm.spec.ts): installed with apt when missing and we are root (as in CI).
import { spawnSync } from 'node:child_process';

/** @param {string} command */
function run(command) {
	console.log(`$ ${command}`);
	const result = spawnSync('sh', ['-c', command], {
		stdio: 'inherit',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
	});
	return result.status === 0;
}

const found = () => spawnSync('xmllint', ['--version'], { stdio: 'ignore' }).status === 0;

if (found()) {
	console.log('xmllint found.');
	process.exit(0);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const pkg = 'apt-get install -y --no-install-recommends libxml2-utils';
if (isRoot && (run(pkg) || (run('apt-get update') && run(pkg))) && found()) {
	console.log('xmllint installed.');
	process.exit(0);
}
console.error(
	'The SCORM manifest test needs xmllint. Install it once with:\n\n    sudo apt-get update && sudo apt-get install -y libxml2-utils\n'
);
process.exit(1);
