/**
 * Seeded randomness for quiz sets: a set code ("ABC123") always gives the same questions in the same order, on
 * every device and in every language, so a class can take one set together. Not for anything secret.
 */
import type { Edition } from '../edition';
import { fnv1a } from '../fnv1a';

/** The letters new set codes are made of: no 0/O, 1/I/L look-alikes. */
export const SET_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const SET_CODE_LENGTH = 6;

export type Random = () => number;

/** A stable, well-mixed seed from a string (FNV-1a). */
export const hashString = fnv1a;

/** mulberry32: a small, fast PRNG with a 32-bit state; numbers in [0, 1). */
export function mulberry32(seed: number): Random {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A generator for one purpose under one code ("order", "choices:q-id" …), independent of the others. */
export function seeded(code: string, purpose: string): Random {
	return mulberry32(hashString(`${code}\u0000${purpose}`));
}

/** An integer in [0, n). */
export function randomInt(random: Random, n: number): number {
	return Math.floor(random() * n);
}

/** A shuffled copy (Fisher–Yates). */
export function shuffle<T>(items: readonly T[], random: Random): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = randomInt(random, i + 1);
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	return out;
}

/**
 * A 2026 set's code starts with "26" before its six characters ("26ABC123", also typed "26-ABC123"): a code is one
 * edition's, whatever the page's edition is, so a class reading it off a projector always gets the same set. Classic
 * codes stay six characters, so links shared before the 2026 set keep working.
 */
export const SET_CODE_PREFIX_2026 = '26';

/**
 * Tidies what someone typed or what came in the URL: upper case, without spaces or dashes. Any six letters and
 * digits are a classic code (the example is "ABC123"), "26" and six more a 2026 code; the codes we make avoid
 * look-alikes, so that one read off a projector is typed right. Returns undefined when it is not a set code.
 */
export function normalizeSetCode(input: string | null | undefined): string | undefined {
	if (!input) return undefined;
	const code = input.toUpperCase().replace(/[\s-]/g, '');
	return /^(?:26)?[A-Z0-9]{6}$/.test(code) ? code : undefined;
}

/** The edition whose set a (normalized) code names. */
export function setCodeEdition(code: string): Edition {
	return code.length === SET_CODE_LENGTH + SET_CODE_PREFIX_2026.length ? '2026' : 'classic';
}

/** A fresh code for a new set of an edition (from Math.random by default: self-study needs no reproducibility until shared). */
export function randomSetCode(random: Random = Math.random, edition: Edition = 'classic'): string {
	let code = edition === '2026' ? SET_CODE_PREFIX_2026 : '';
	for (let i = 0; i < SET_CODE_LENGTH; i++)
		code += SET_CODE_ALPHABET[randomInt(random, SET_CODE_ALPHABET.length)];
	return code;
}
