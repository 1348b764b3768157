#!/usr/bin/env node
// Makes sure the tests have xmllint (Debian's libxml2-utils), which validates the SCORM package's manifest against
// the SCORM 1.2 schema (tests/lms.spec.ts): installed with apt when missing and we are root (as in CI).
import { spawnSync } from 'node:child_process';
import { aptInstall, isRoot } from './apt.mjs';

const found = () => spawnSync('xmllint', ['--version'], { stdio: 'ignore' }).status === 0;

if (found()) {
	console.log('xmllint found.');
	process.exit(0);
}
if (isRoot && aptInstall('libxml2-utils') && found()) {
	console.log('xmllint installed.');
	process.exit(0);
}
console.error(
	'The SCORM manifest test needs xmllint. Install it once with:\n\n    sudo apt-get update && sudo apt-get install -y libxml2-utils\n'
);
process.exit(1);
