/**
 * Identifiers the server mints. Deterministic for a given seed, so that a scenario replays identically in tests;
 * no cryptographic randomness is needed (nothing here is a secret from anyone but a careless learner).
 */

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE64URL = `${LETTERS}0123456789-_`;

/** Where the generator stands: a restored server goes on minting the ids the original would have. */
export interface IdGeneratorState {
	state: number;
	events: number;
	tokens: number;
}

export class IdGenerator {
	private state: number;
	private events = 0;
	private tokens = 0;

	constructor(
		private readonly serverName: string,
		seed = 0x5eed,
		private readonly hardenToken: (token: string) => string = (token) => token
	) {
		this.state = seed >>> 0;
	}

	persist(): IdGeneratorState {
		return { state: this.state, events: this.events, tokens: this.tokens };
	}

	restore(s: IdGeneratorState): void {
		({ state: this.state, events: this.events, tokens: this.tokens } = s);
	}

	/** mulberry32: small, fast, good enough for ids. */
	private random(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	private randomString(length: number, alphabet: string): string {
		let out = '';
		for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.random() * alphabet.length)];
		return out;
	}

	roomId(): string {
		return `!${this.randomString(18, LETTERS)}:${this.serverName}`;
	}

	/** Unique by construction: a counter, base64url-encoded. */
	eventId(): string {
		let n = ++this.events;
		let digits = '';
		do {
			digits = BASE64URL[n % 64] + digits;
			n = Math.floor(n / 64);
		} while (n > 0);
		return `$${digits.padStart(6, 'A')}:${this.serverName}`;
	}

	/** Looks like an Element device id. */
	deviceId(): string {
		return this.randomString(10, UPPER);
	}

	/** Predictable from the seed unless `hardenToken` (an option of the server) makes it a secret. */
	accessToken(): string {
		return this.hardenToken(`syt_${++this.tokens}_${this.randomString(20, LETTERS)}`);
	}
}
