import { describe, expect, it } from 'vitest';
import { MatrixHttpError } from './errors';
import { buildPath, CLIENT_API_PREFIX, ENDPOINTS, matchRoute, parseQuery } from './router';

const v3 = (p: string) => `${CLIENT_API_PREFIX}${p}`;

function errorOf(run: () => unknown): { status: number; errcode: string } | undefined {
	try {
		run();
	} catch (e) {
		if (e instanceof MatrixHttpError) return { status: e.status, errcode: e.errcode };
		throw e;
	}
	return undefined;
}

describe('matchRoute', () => {
	it('matches every endpoint of the table from its own template', () => {
		for (const endpoint of ENDPOINTS) {
			const params = Object.fromEntries(
				[...endpoint.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, `v-${name}`])
			);
			const match = matchRoute(endpoint.method, buildPath(endpoint.path, params as Record<string, string>));
			expect(match.endpoint.id).toBe(endpoint.id);
			expect(match.params).toEqual(params);
		}
	});

	it('has unique ids and unique method+path pairs', () => {
		expect(new Set(ENDPOINTS.map((e) => e.id)).size).toBe(ENDPOINTS.length);
		expect(new Set(ENDPOINTS.map((e) => `${e.method} ${e.path}`)).size).toBe(ENDPOINTS.length);
	});

	it('decodes parameters, including slashes and colons', () => {
		const match = matchRoute(
			'PUT',
			buildPath(v3('/rooms/{roomId}/state/{eventType}/{stateKey}'), {
				roomId: '!abc:sim.local',
				eventType: 'm.custom',
				stateKey: 'a/b c'
			})
		);
		expect(match.params).toEqual({ roomId: '!abc:sim.local', eventType: 'm.custom', stateKey: 'a/b c' });
	});

	it('tells an empty trailing segment from a missing one', () => {
		expect(matchRoute('GET', v3('/rooms/!r:s/state/m.room.name/')).endpoint.id).toBe('getStateEvent');
		expect(matchRoute('GET', v3('/rooms/!r:s/state/m.room.name')).endpoint.id).toBe('getStateEventEmptyKey');
		expect(matchRoute('GET', v3('/rooms/!r:s/state')).endpoint.id).toBe('getState');
	});

	it('404 for unknown paths, 405 for a known path with another method, 400 for broken encodings', () => {
		expect(errorOf(() => matchRoute('GET', v3('/nope')))).toEqual({ status: 404, errcode: 'M_UNRECOGNIZED' });
		expect(errorOf(() => matchRoute('GET', '/sync'))).toEqual({ status: 404, errcode: 'M_UNRECOGNIZED' });
		expect(errorOf(() => matchRoute('PATCH', v3('/sync')))).toEqual({
			status: 405,
			errcode: 'M_UNRECOGNIZED'
		});
		expect(errorOf(() => matchRoute('GET', v3('/profile/%E0%A4%A')))).toEqual({
			status: 400,
			errcode: 'M_INVALID_PARAM'
		});
	});
});

describe('parseQuery', () => {
	it('decodes names and values, + as space, the last repeat wins', () => {
		expect([...parseQuery('a=1&b=x%20y+z&a=2&flag&&=e')]).toEqual([
			['a', '2'],
			['b', 'x y z'],
			['flag', ''],
			['', 'e']
		]);
	});

	it('refuses broken percent-encoding', () => {
		expect(errorOf(() => parseQuery('since=%'))).toEqual({ status: 400, errcode: 'M_INVALID_PARAM' });
	});
});
