// Installing a Debian package with apt for the test setup scripts (ensure-chromium.mjs, ensure-xmllint.mjs): only
// when we are root (as in CI), never prompting.
import { spawnSync } from 'node:child_process';

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Runs a shell command with its output shown, non-interactive for apt; true when it succeeded.
 * @param {string} command
 */
export function run(command) {
	console.log(`$ ${command}`);
	const result = spawnSync('sh', ['-c', command], {
		stdio: 'inherit',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
	});
	return result.status === 0;
}

/**
 * Installs `pkg` without its recommends. The package lists may be there already, so they are updated only if the
 * first try fails. True when apt succeeded.
 * @param {string} pkg
 */
export function aptInstall(pkg) {
	const install = `apt-get install -y --no-install-recommends ${pkg}`;
	return run(install) || (run('apt-get update') && run(install));
}
