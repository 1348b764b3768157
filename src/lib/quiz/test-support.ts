/**
 * For the tests that keep the quiz's stored answers honest (answer-key.test.ts, views-2026.test.ts): play every
 * story in a real world and compare what it shows with the committed JSON file the quiz page ships. With
 * `QUIZ_WRITE_ANSWERS=1` (`npm run quiz:answers`) nothing is compared: what the worlds showed is written to the file.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';

export const WRITE = process.env.QUIZ_WRITE_ANSWERS === '1';

export interface StoredKey<S extends { id: string }, V> {
	/** The committed file's contents and where it lives. */
	committed: Record<string, V>;
	file: URL;
	/** Every entry the questions read, in the order the file keeps them. */
	asked: readonly string[];
	/** The title of the test that the file holds exactly `asked`. */
	coverage: string;
	stories: readonly S[];
	/** The entries of `asked` that a story answers. */
	askedOf(story: S): string[];
	/** Plays a story in a real world: what it showed, by entry. */
	play(story: S, wanted: string[]): Promise<Record<string, V>>;
}

/** Registers (inside a `describe`) the coverage test, one test per story and, when writing, the file's rewrite. */
export function checkStoredKey<S extends { id: string }, V>(k: StoredKey<S, V>): void {
	const found: Record<string, V> = {};

	it(k.coverage, () => {
		if (WRITE) return;
		expect(Object.keys(k.committed).sort()).toEqual([...k.asked].sort());
	});

	for (const story of k.stories) {
		const wanted = k.askedOf(story);
		it(`story "${story.id}": ${wanted.join(', ')}`, async () => {
			const shown = await k.play(story, wanted);
			Object.assign(found, shown);
			expect(Object.keys(shown).sort()).toEqual([...wanted].sort());
			if (!WRITE) for (const id of wanted) expect(shown[id], id).toEqual(k.committed[id]);
		});
	}

	afterAll(() => {
		if (!WRITE) return;
		const ordered: Record<string, V> = {};
		for (const id of k.asked) if (found[id]) ordered[id] = found[id]!;
		writeFileSync(k.file, `${JSON.stringify(ordered, null, '\t')}\n`);
	});
}
