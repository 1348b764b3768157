// Starts the world's worker (the crypto WASM and the homeserver) on a lesson or the sandbox opened by its address,
// before the page's own modules have loaded: scripts/world-worker-early.js says why and how. The page's script
// (src/lib/world-bridge/worker-start.ts) takes the worker over with what it said meanwhile. Plain script, no module:
// it runs as soon as it has arrived.
(function () {
	// The same pages as WORLD_PAGES in worker-start.ts.
	if (!/^\/(lessons\/[^/]+|sandbox)\/?$/.test(location.pathname)) return;
	if (typeof Worker === 'undefined' || !document.currentScript || window.__e2eeWorldWorker !== undefined) return;
	var worker;
	try {
		worker = new Worker(new URL('_app/world-worker.js', document.currentScript.src), { type: 'module' });
	} catch (e) {
		return; // The page's script starts one and says what went wrong.
	}
	var events = [];
	var keep = function (e) {
		// Kept to be handed on, not reported as unhandled meanwhile.
		if (e.type === 'error') e.preventDefault();
		events.push(e);
	};
	worker.addEventListener('message', keep);
	worker.addEventListener('error', keep);
	window.__e2eeWorldWorker = { worker: worker, events: events, keep: keep };
})();
