/**
 * Which Element the course shows: today's (2026) or the classic one of the 2021 seed guide. The world's truth (rooms,
 * keys, trust) is one; an edition is how the client presents it and which controls it has, and which texts a lesson or
 * the quiz uses to name them. Pure, so that lessons, the quiz and the page can all take it as a value.
 */
export const editions = ['2026', 'classic'] as const;
export type Edition = (typeof editions)[number];

/**
 * The edition a learner meets first. Issue 12 makes today's Element the default once every lesson speaks it; until
 * then the classic edition, which every lesson covers, stays first.
 */
export const defaultEdition: Edition = 'classic';

/** The site-storage entry that remembers the learner's choice. */
export const editionStorageKey = 'e2ee-trainer.element-edition';

/** The link parameter that chooses an edition: `?element=2026` or `?element=classic` (a guide links to its edition). */
export const editionParam = 'element';

/** The edition a stored or linked value names, or undefined for anything else. */
export function toEdition(value: string | null | undefined): Edition | undefined {
	const wanted = value?.trim().toLowerCase();
	return editions.find((edition) => edition === wanted);
}

/** One value per edition; `pick(edition, perEdition)` chooses. */
export type PerEdition<T> = Record<Edition, T>;

export function pick<T>(edition: Edition, values: PerEdition<T>): T {
	return values[edition];
}
