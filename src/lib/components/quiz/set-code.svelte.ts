/**
 * The set code of a quiz page, the learner's or the presenter's: from the link's ?set=, typed in, or made up here.
 * It decides the questions and their order (`buildSet`). A code in the link that does not exist is said to be
 * wrong and offered in the field, never swapped silently for a made-up set.
 */
import type { Edition } from '$lib/edition';
import { normalizeSetCode, randomSetCode, setCodeEdition, type Random } from '$lib/quiz/prng';
import { QUESTIONS } from '$lib/quiz/questions';
import { QUESTIONS_2026 } from '$lib/quiz/questions-2026';
import { buildSet, type QuizSet } from '$lib/quiz/sets';
import type { Question } from '$lib/quiz/types';

export class SetCode {
	readonly #pool: readonly Question[];
	readonly #random: Random;
	readonly #edition: () => Edition;
	readonly #limit: number | undefined;
	#code = $state<string>();
	#shared = $state(false);
	#linkCode = $state<string>();
	#invalid = $state(false);
	readonly #set = $derived.by(() => {
		const set = this.#fullSet();
		return set && this.#limit ? { ...set, questions: set.questions.slice(0, this.#limit) } : set;
	});
	/** What is typed into the set-code field. */
	input = $state('');

	#fullSet(): QuizSet | undefined {
		const code = this.#code;
		if (!code) return undefined;
		if (setCodeEdition(code) === 'classic') return buildSet(code, this.#pool);
		// The 2026 set asks its whole pool, in the code's order.
		const pool = QUESTIONS_2026;
		return buildSet(code, pool, {
			meaning: pool.filter((q) => q.kind === 'meaning').length,
			situation: pool.filter((q) => q.kind === 'situation').length,
			action: pool.filter((q) => q.kind === 'action').length,
			emoji: pool.filter((q) => q.kind === 'emoji').length
		});
	}

	/**
	 * `pool`: the classic set's questions. `edition`: the page's Element edition, which new codes are made for; a code
	 * from a link or typed in names its own edition (`setCodeEdition`), so a class always gets the set it was shown.
	 * `limit`: ask only the set's first questions (a learning-platform package may be built so).
	 */
	constructor(
		pool: readonly Question[] = QUESTIONS,
		random: Random = Math.random,
		edition: () => Edition = () => 'classic',
		limit?: number
	) {
		this.#pool = pool;
		this.#random = random;
		this.#edition = edition;
		this.#limit = limit;
	}

	/** The edition of the set shown: the code's, or the page's before there is a code. */
	get edition(): Edition {
		return this.#code ? setCodeEdition(this.#code) : this.#edition();
	}

	/** The set's code, once there is one (none while the link's code is wrong and nothing else was chosen). */
	get code(): string | undefined {
		return this.#code;
	}

	/** The questions of this set, in their order. */
	get set(): QuizSet | undefined {
		return this.#set;
	}

	/** The code came from the link or was typed in (a shared set), rather than made up for this learner. */
	get shared(): boolean {
		return this.#shared;
	}

	/** The link's ?set= that is no set code (at most 40 characters of it), until another code is chosen. */
	get linkCode(): string | undefined {
		return this.#linkCode;
	}

	/** The link has not been read yet (the prerendered page, before its script runs): neither a code nor a wrong one. */
	get pending(): boolean {
		return this.#code === undefined && this.#linkCode === undefined;
	}

	/** The code typed in (or taken from the link) is no set code: the field says so. */
	get invalid(): boolean {
		return this.#invalid;
	}

	/** Reads the link's ?set= (`null`: the link has none, and a set is made up). */
	fromLink(raw: string | null): void {
		const fromLink = normalizeSetCode(raw);
		if (raw !== null && !fromLink) {
			// A code that does not exist: say so and offer the field with it.
			this.#linkCode = raw.slice(0, 40);
			this.input = raw;
			this.#invalid = true;
			return;
		}
		this.#code = fromLink ?? randomSetCode(this.#random, this.#edition());
		this.#shared = !!fromLink;
	}

	/** Takes the code typed in and returns it; one that does not exist marks the field and changes nothing else. */
	useInput(): string | undefined {
		const code = normalizeSetCode(this.input);
		this.#invalid = !code;
		if (!code) return undefined;
		this.#code = code;
		this.#shared = true;
		this.#linkCode = undefined;
		return code;
	}

	/** Makes up a fresh set for this learner and returns its code. */
	makeNew(): string {
		const code = randomSetCode(this.#random, this.#edition());
		this.#code = code;
		this.#shared = false;
		this.#linkCode = undefined;
		this.#invalid = false;
		return code;
	}
}
