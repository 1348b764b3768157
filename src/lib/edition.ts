/**
 * Which Element the course shows: today's (2026) or the classic one of the 2021 seed guide. The world's truth (rooms,
 * keys, trust) is one; an edition is how the client presents it and which controls it has, and which texts a lesson or
 * the quiz uses to name them. Pure, so that lessons, the quiz and the page can all take it as a value.
 */
export const editions = ['2026', 'classic'] as const;
export type Edition = (typeof editions)[number];

/**
 * The edition a learner meets first: today's Element, which every lesson speaks (each one walked in a browser in
 * both editions). Classic stays one choice or one link (`?element=classic`) away, for those following the 2021 guide.
 */
export const defaultEdition: Edition = '2026';

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
