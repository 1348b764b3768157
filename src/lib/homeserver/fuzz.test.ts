/**
 * Property tests: thousands of malformed requests across every endpoint. Whatever arrives, `handle()` must answer
 * (never throw), with an integer status in 200..599 and a JSON object body; every error carries a string `errcode`
 * and `error`; and no request reaches the 500 last resort (validation catches everything). Afterwards, a normal
 * flow still works on the same server.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
	anything,
	assertNormalFlowStillWorks,
	assertWellFormed,
	nearValidRequest,
	populatedServer,
	request
} from './fuzz-support';
import type { HsRequest } from './types';

describe('fuzz: handle() with malformed requests', () => {
	it('answers requests built from the endpoint table with garbage anywhere (2500 runs)', () => {
		const s = populatedServer();
		fc.assert(
			fc.property(request(s), (req) => {
				assertWellFormed(s.w.hs.handle(req), req);
			}),
			{ numRuns: 2500 }
		);
		assertNormalFlowStillWorks(s);
	});

	it('answers near-valid requests: fitting parameters and token, mutated valid bodies (1500 runs)', () => {
		const s = populatedServer();
		// Leaving the room or deleting a device would tear the fixture down for the rest of the run (those endpoints
		// are fuzzed by the other properties and unit-tested).
		const nearValid = nearValidRequest(s, ['leave', 'deleteDevice']);
		fc.assert(
			fc.property(nearValid, (req) => {
				assertWellFormed(s.w.hs.handle(req), req);
			}),
			{ numRuns: 1500 }
		);
		assertNormalFlowStillWorks(s);
	});

	it('answers requests that are not request objects at all (500 runs)', () => {
		const s = populatedServer();
		const garbage = fc.oneof(
			anything,
			fc.record(
				{ method: anything, path: anything, accessToken: anything, body: anything },
				{ requiredKeys: [] }
			)
		);
		fc.assert(
			fc.property(garbage, (req) => {
				assertWellFormed(s.w.hs.handle(req as HsRequest), req);
			}),
			{ numRuns: 500 }
		);
		assertNormalFlowStillWorks(s);
	});
});
