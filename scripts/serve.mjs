#!/usr/bin/env node
// Serves the prerendered site in build/ (made by `vite build`): a tiny static server with no dependencies. What it
// answers and which headers it sends is scripts/static-site.js, shared with the classroom server.
//
// FRAME_ANCESTORS: who may frame the course (default 'self'). A learning platform that shows the course in a
// frame from another origin: FRAME_ANCESTORS="'self' https://lms.example.org" npm start. Then the headers that
// would stand in its way (X-Frame-Options, Cross-Origin-Opener-Policy, Cross-Origin-Resource-Policy) are left out.
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStaticSite } from './static-site.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)), process.env.BUILD_DIR ?? 'build');
const port = Number(process.env.PORT ?? 4173);
const host = process.env.HOST ?? 'localhost';
const site = createStaticSite({ root, frameAncestors: process.env.FRAME_ANCESTORS?.trim() || "'self'" });

const server = createServer((req, res) => {
	site.handle(req, res).catch((error) => {
		console.error(error);
		if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
		res.end('Internal server error\n');
	});
});

if (!(await site.isBuilt())) {
	console.error(`No built site in ${root}. Run \`npm run build\` first (or use \`npm start\`).`);
	process.exit(1);
}

server.on('error', (error) => {
	console.error(`Could not start the server on port ${port}: ${error.message}`);
	process.exit(1);
});

server.listen(port, host, () => {
	console.log(`E2EE Trainer is running at http://localhost:${port}/`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		server.close();
		process.exit(0);
	});
}
