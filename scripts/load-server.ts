/**
 * What the load scripts (`classroom:load`, `workshop:load`) share: the classroom server started in its own process
 * on a fresh data folder, its report, and the numbers' rounding and percentiles.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerReport } from './classroom-load-shared';

export const round = (n: number) => Math.round(n * 10) / 10;

/** The `p`-th percentile of ascending `sorted` numbers (0 for none). */
export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return 0;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface LoadServer {
	/** The server's numbers so far. */
	report(): Promise<ServerReport>;
	/** Stops the server and removes its data. */
	stop(): Promise<void>;
}

/** Starts `classroom-load-server.ts` on `port` with the classroom `code`; resolves once it listens. */
export async function startLoadServer(port: number, code: string, name: string): Promise<LoadServer> {
	const dataDir = mkdtempSync(join(tmpdir(), `${name}-`));
	const child = fork(
		new URL('./classroom-load-server.ts', import.meta.url).pathname,
		[String(port), dataDir, code],
		{
			execArgv: ['--import', 'tsx'],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc']
		}
	);
	await new Promise<void>((resolve, reject) => {
		child.once('message', () => resolve());
		child.once('exit', (exitCode) => reject(new Error(`The server stopped (${exitCode}).`)));
	});
	return {
		report: () =>
			new Promise<ServerReport>((resolve) => {
				child.once('message', (m) => resolve(m as ServerReport));
				child.send('report');
			}),
		async stop() {
			child.kill('SIGTERM');
			await new Promise((resolve) => child.once('exit', resolve));
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}
