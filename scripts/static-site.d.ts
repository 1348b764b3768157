// Types of static-site.js for the TypeScript that imports it (the classroom server, src/lib/server/).
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface StaticSite {
	/** Answers a GET or HEAD from the build (anything else is 405). */
	handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
	/** The headers every static response carries besides its Content-Security-Policy. */
	securityHeaders: Record<string, string>;
	/** Is there a built site in root? */
	isBuilt(): Promise<boolean>;
}

export function createStaticSite(options: { root: string; frameAncestors?: string }): StaticSite;
