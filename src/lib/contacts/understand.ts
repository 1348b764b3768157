/**
 * What a contact understands of a chat message or of what the learner says in a call: the few things a lesson
 * needs, in English and German, tolerant of case, accents, punctuation and small typos. Everything else is
 * `other`, and the contact answers it in character.
 */

/** Every intent, `other` (nothing understood) last. */
export const INTENTS = [
	'greet',
	'askVerify',
	'scanQr',
	'verifyTablet',
	'didReset',
	'canRead',
	'compareEmoji',
	'readEmoji',
	'thanks',
	'other'
] as const;

export type Intent = (typeof INTENTS)[number];

/** Lower case, no accents (ä → a, ß → ss), letters and digits only, single spaces. */
export function normalize(text: string): string {
	return text
		.toLowerCase()
		.replace(/ß/g, 'ss')
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

/** Optimal string alignment distance (Levenshtein with adjacent transpositions), for short words. */
function distance(a: string, b: string): number {
	const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
		Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0))
	);
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
				v = Math.min(v, d[i - 2]![j - 2]! + 1);
			d[i]![j] = v;
		}
	}
	return d[a.length]![b.length]!;
}

/**
 * Does a word start with this stem, allowing one typo for stems of six letters or more ("verfiy" is "verify")?
 * Shorter stems must match exactly, or "watch" would be "match" and "hi" would be found everywhere.
 */
function wordHasStem(word: string, stem: string): boolean {
	if (word.startsWith(stem)) return true;
	if (stem.length < 6 || word.length < stem.length - 1) return false;
	const tolerance = stem.length >= 9 ? 2 : 1;
	// Compare the stem with the word's start of the same length, one shorter and one longer (a dropped or extra letter).
	for (const len of [stem.length - 1, stem.length, stem.length + 1]) {
		if (len <= word.length && distance(word.slice(0, len), stem) <= tolerance) return true;
	}
	return false;
}

/** A stem with a space is a phrase; one ending in `$` is a whole word ("hi$" is not "history"). */
function hasAny(words: string[], stems: readonly string[]): boolean {
	return stems.some((stem) => {
		if (stem.includes(' ')) return ` ${words.join(' ')} `.includes(` ${stem}`);
		if (stem.endsWith('$')) return words.includes(stem.slice(0, -1));
		return words.some((w) => wordHasStem(w, stem));
	});
}

const VERIFY = ['verify', 'verifi', 'verification', 'verifiz', 'bestatig'];
const DEVICE = ['tablet', 'ipad', 'gerat', 'geraet', 'device', 'session', 'sitzung', 'laptop'];
const RESET = [
	'reset',
	'zuruckgesetzt',
	'zuruecksetz',
	'zurucksetz',
	'neu eingerichtet',
	'new identity',
	'neue identitat',
	'lost your',
	'verloren',
	'warning',
	'warnung',
	'banner'
];
const EMOJI = ['emoji', 'symbol', 'bildchen'];
const SCAN = ['scan', 'qr$', 'qrcode'];
const MATCH = [
	'match',
	'same',
	'gleich',
	'uberein',
	'ueberein',
	'passen',
	'stimmen',
	'wrong',
	'falsch',
	'stimmt etwas nicht',
	'stimmt was nicht',
	'something off',
	'different',
	'anders',
	'compare',
	'vergleich'
];
const SEE = ['see$', 'siehst', 'which', 'welche', 'read', 'vorles', 'lies$', 'what are', 'was sind'];
const READ = ['read', 'lesen', 'entschlussel', 'decrypt'];
const HISTORY = [
	'earlier',
	'before',
	'history',
	'old$',
	'older$',
	'previous',
	'fruher',
	'vorher',
	'alte',
	'verlauf',
	'bisherig',
	'messages',
	'nachrichten'
];
const THANKS = ['thank', 'thx$', 'danke', 'merci$', 'cheers$'];
const GREET = [
	'hi$',
	'hii$',
	'hey$',
	'hello',
	'hallo',
	'moin$',
	'servus$',
	'hiho$',
	'good morning',
	'guten morgen',
	'guten tag',
	'gruss'
];

/** The intent of a message, the most specific first. */
export function understand(text: string): Intent {
	const words = normalize(text).split(' ').filter(Boolean);
	if (words.length === 0) return 'other';
	if (hasAny(words, DEVICE) && (hasAny(words, VERIFY) || words.some((w) => w.startsWith('tablet'))))
		return 'verifyTablet';
	if (hasAny(words, RESET)) return 'didReset';
	if (hasAny(words, EMOJI) && hasAny(words, MATCH)) return 'compareEmoji';
	if (hasAny(words, MATCH) && !hasAny(words, VERIFY)) return 'compareEmoji';
	if (hasAny(words, EMOJI) && (hasAny(words, SEE) || words.length <= 3)) return 'readEmoji';
	if (hasAny(words, READ) && hasAny(words, HISTORY)) return 'canRead';
	if (hasAny(words, SCAN)) return 'scanQr';
	if (hasAny(words, VERIFY)) return 'askVerify';
	if (hasAny(words, THANKS)) return 'thanks';
	if (hasAny(words, GREET)) return 'greet';
	return 'other';
}
