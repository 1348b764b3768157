/** A JSON object read from text a platform or a page tag handed over, or undefined (empty, not JSON, not an object). */
export function parseJsonObject(raw: string | null | undefined): Record<string, unknown> | undefined {
	if (!raw) return undefined;
	try {
		const value: unknown = JSON.parse(raw);
		return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}
