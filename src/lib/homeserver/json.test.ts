import { describe, expect, it } from 'vitest';
import { MatrixHttpError } from './errors';
import { canonicalJson, MAX_JSON_DEPTH, own, toJson } from './json';
import {
	asStringArray,
	isRoomId,
	isUserId,
	optionalInteger,
	queryInteger,
	requireString
} from './validation';

const errcodeOf = (run: () => unknown) => {
	try {
		run();
		return undefined;
	} catch (e) {
		return e instanceof MatrixHttpError ? e.errcode : 'thrown';
	}
};

describe('toJson', () => {
	it('copies JSON values deeply and drops undefined properties', () => {
		const input = { a: [1, 'x', null, { b: true }], c: undefined, d: -0 };
		const out = toJson(input);
		expect(out).toEqual({ a: [1, 'x', null, { b: true }], d: 0 });
		expect(Object.is((out as { d: number }).d, 0)).toBe(true);
		(input.a[3] as { b: boolean }).b = false;
		expect(out).toEqual({ a: [1, 'x', null, { b: true }], d: 0 });
	});

	it('refuses what JSON cannot carry', () => {
		const cyclic: Record<string, unknown> = {};
		cyclic.self = cyclic;
		let deep: unknown = 1;
		for (let i = 0; i <= MAX_JSON_DEPTH; i++) deep = [deep];
		for (const bad of [
			NaN,
			Infinity,
			() => 1,
			Symbol('s'),
			10n,
			new Date(),
			new Map(),
			[undefined],
			cyclic,
			deep
		]) {
			expect(errcodeOf(() => toJson(bad))).toBe('M_NOT_JSON');
		}
	});

	it('accepts objects shared in two places (not a cycle) and null-prototype objects', () => {
		const shared = { x: 1 };
		expect(toJson({ a: shared, b: shared })).toEqual({ a: { x: 1 }, b: { x: 1 } });
		const bare = Object.assign(Object.create(null) as object, { k: 'v' });
		expect(toJson(bare)).toEqual({ k: 'v' });
	});

	it('keeps __proto__ as a plain key, never as a prototype', () => {
		const input = JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}') as unknown;
		const out = toJson(input) as Record<string, unknown>;
		expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
		expect(Object.keys(out)).toEqual(['__proto__', 'constructor']);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(own(out as never, 'toString')).toBeUndefined();
	});
});

describe('canonicalJson', () => {
	it('sorts keys at every level', () => {
		expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
			'{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}'
		);
	});
});

describe('validation', () => {
	it('reads fields with the right error codes', () => {
		expect(errcodeOf(() => requireString({}, 'x'))).toBe('M_MISSING_PARAM');
		expect(errcodeOf(() => requireString({ x: null }, 'x'))).toBe('M_MISSING_PARAM');
		expect(errcodeOf(() => requireString({ x: 1 }, 'x'))).toBe('M_BAD_JSON');
		expect(errcodeOf(() => optionalInteger({ x: 1.5 }, 'x'))).toBe('M_BAD_JSON');
		expect(errcodeOf(() => optionalInteger({ x: -1 }, 'x', 0))).toBe('M_INVALID_PARAM');
		expect(errcodeOf(() => asStringArray(['a', 1], 'x'))).toBe('M_BAD_JSON');
		expect(errcodeOf(() => requireString(Object.create({ x: 'inherited' }) as never, 'x'))).toBe(
			'M_MISSING_PARAM'
		);
	});

	it('reads integer query parameters strictly', () => {
		const q = new Map([
			['a', '10'],
			['b', '1e3'],
			['c', ' 5'],
			['d', '-3']
		]);
		expect(queryInteger(q, 'a', 0)).toBe(10);
		expect(queryInteger(q, 'missing', 0)).toBeUndefined();
		for (const name of ['b', 'c', 'd'])
			expect(errcodeOf(() => queryInteger(q, name, 0))).toBe('M_INVALID_PARAM');
	});

	it('recognises user and room ids', () => {
		expect(isUserId('@alice:sim.local')).toBe(true);
		expect(isUserId('alice')).toBe(false);
		expect(isUserId('@:x')).toBe(false);
		expect(isUserId('@a b:x')).toBe(false);
		expect(isRoomId('!abc:sim.local')).toBe(true);
		expect(isRoomId('#abc:sim.local')).toBe(false);
	});
});
