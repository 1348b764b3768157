import { describe, expect, it } from 'vitest';
import {
	SET_CODE_ALPHABET,
	hashString,
	mulberry32,
	normalizeSetCode,
	randomSetCode,
	setCodeEdition,
	seeded,
	shuffle
} from './prng';

const HASH_ABC123 = 1166364645;
const take = (random: () => number, n: number) => Array.from({ length: n }, random);

describe('seeded randomness', () => {
	it('gives the same numbers for the same seed, and other numbers for another', () => {
		expect(take(mulberry32(42), 20)).toEqual(take(mulberry32(42), 20));
		expect(take(mulberry32(42), 20)).not.toEqual(take(mulberry32(43), 20));
		expect(take(seeded('ABC123', 'order'), 5)).toEqual(take(seeded('ABC123', 'order'), 5));
		expect(take(seeded('ABC123', 'order'), 5)).not.toEqual(take(seeded('ABC124', 'order'), 5));
		expect(take(seeded('ABC123', 'order'), 5)).not.toEqual(take(seeded('ABC123', 'pick'), 5));
	});

	// mulberry32's well-known first outputs for seed 1 are 0.6270739…, 0.0027357…, 0.5274470….
	it('is pinned: these numbers must never change, or every shared set code would change its questions', () => {
		expect(hashString('')).toBe(0x811c9dc5);
		expect(hashString('ABC123')).toBe(HASH_ABC123);
		expect(take(mulberry32(1), 3).map((x) => Math.round(x * 1e9))).toEqual([627073941, 2735721, 527447040]);
	});

	it('stays in [0, 1) and spreads evenly', () => {
		const random = mulberry32(hashString('spread'));
		const buckets = new Array<number>(10).fill(0);
		for (let i = 0; i < 10_000; i++) {
			const x = random();
			expect(x).toBeGreaterThanOrEqual(0);
			expect(x).toBeLessThan(1);
			buckets[Math.floor(x * 10)]!++;
		}
		for (const b of buckets) expect(b).toBeGreaterThan(850);
	});

	it('shuffles into a permutation, deterministically, without touching the input', () => {
		const items = Array.from({ length: 30 }, (_, i) => i);
		const a = shuffle(items, seeded('XYZ789', 'x'));
		expect([...a].sort((p, q) => p - q)).toEqual(items);
		expect(a).not.toEqual(items);
		expect(shuffle(items, seeded('XYZ789', 'x'))).toEqual(a);
		expect(items[0]).toBe(0);
	});

	it('moves every item to every place about equally often', () => {
		const counts = [0, 0, 0, 0];
		for (let s = 0; s < 4000; s++) counts[shuffle([0, 1, 2, 3], mulberry32(s)).indexOf(0)]!++;
		for (const c of counts) expect(c).toBeGreaterThan(850);
	});
});

describe('set codes', () => {
	it('accepts six letters and digits, tidied', () => {
		expect(normalizeSetCode('ABC123')).toBe('ABC123');
		expect(normalizeSetCode(' abc-123 ')).toBe('ABC123');
		expect(normalizeSetCode('abc 123')).toBe('ABC123');
	});

	it('rejects anything else', () => {
		for (const bad of [null, undefined, '', 'ABC12', 'ABC1234', 'ABC12!', 'ÄBC123', '<b>x</b>']) {
			expect(normalizeSetCode(bad), String(bad)).toBeUndefined();
		}
	});

	it('makes codes that are valid and free of look-alike characters', () => {
		for (let i = 0; i < 200; i++) {
			const code = randomSetCode();
			expect(normalizeSetCode(code)).toBe(code);
			for (const ch of code) expect(SET_CODE_ALPHABET).toContain(ch);
			expect(code).not.toMatch(/[01OIL]/);
		}
		expect(randomSetCode(mulberry32(7))).toBe(randomSetCode(mulberry32(7)));
	});

	it('tells the editions apart by the code alone: a 2026 code is "26" and six more', () => {
		const today = randomSetCode(mulberry32(3), '2026');
		expect(today).toMatch(/^26[A-Z2-9]{6}$/);
		expect(normalizeSetCode(`26-${today.slice(2).toLowerCase()}`)).toBe(today);
		expect(setCodeEdition(today)).toBe('2026');
		expect(setCodeEdition(randomSetCode(mulberry32(3)))).toBe('classic');
		// A classic code that happens to begin with 26 stays classic: the length decides.
		expect(setCodeEdition('26ABCD')).toBe('classic');
		for (const bad of ['25ABC123', '26ABC12', '26ABC1234'])
			expect(normalizeSetCode(bad), bad).toBeUndefined();
	});
});
