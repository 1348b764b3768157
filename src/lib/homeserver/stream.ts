/**
 * One global stream: every change a sync can report (a room event, a to-device message, a device-list change,
 * account data) takes the next position. A sync token is a position: `s42` means "everything up to 42 seen".
 */
import { invalidParam } from './errors';

export class Stream {
	private pos = 0;
	private readonly listeners = new Set<() => void>();

	get position(): number {
		return this.pos;
	}

	/** Continues a stored stream (a restored world): positions go on from `pos`. */
	restore(pos: number): void {
		this.pos = pos;
	}

	next(): number {
		const pos = ++this.pos;
		for (const listener of this.listeners) listener();
		return pos;
	}

	/** Calls `listener` after every step of the stream; returns the unsubscribe function. */
	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	token(pos = this.pos): string {
		return `s${pos}`;
	}

	/** Parses a token from a client: malformed is 400 M_INVALID_PARAM; one from the future means "now". */
	parse(token: string, what = 'since'): number {
		const match = /^s(\d{1,15})$/.exec(token);
		if (!match?.[1]) throw invalidParam(`Invalid '${what}' token.`);
		return Math.min(Number(match[1]), this.pos);
	}
}
