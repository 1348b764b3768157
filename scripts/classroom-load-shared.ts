/** What the load test's two processes share: the server's report, and which answers are not failures. */

export interface ServerReport {
	/** Answer times of the requests other than /sync, in milliseconds. */
	nonSyncMs: number[];
	syncs: number;
	/** Answers by status (e.g. `{"200": 5120, "401": 60}`). */
	statuses: Record<string, number>;
	/** Requests answered with an error (see `isExpected` for the answers that are part of the protocol). */
	errors: { method: string; path: string; status: number }[];
	cpuUserMs: number;
	cpuSystemMs: number;
	wallMs: number;
	peakRssMb: number;
	contactsErrors: string[];
}

/**
 * Answers that are part of the protocol, not failures: the UIA challenge of `/register` (401 with the flows), and 404
 * to a GET that asks whether something exists (a backup version, an account data event).
 */
export function isExpected(a: { method: string; path: string; status: number }): boolean {
	return (a.status === 401 && a.path.endsWith('/register')) || (a.status === 404 && a.method === 'GET');
}
