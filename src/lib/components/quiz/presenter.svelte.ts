/**
 * The presenter view's slides: one question of the set at a time, its answer shown on demand, then an end slide.
 * The class follows on /quiz with the same set code. Keys (and a presentation clicker, which sends arrow and page
 * keys) are read by `presenterKey`; focus and scrolling stay in the components.
 */
import { choicesInOrder } from '$lib/quiz/sets';
import type { Choice, Question } from '$lib/quiz/types';
import type { SetCode } from './set-code.svelte';

/** What a key does on a slide: Space and Enter show the answer, then go on; → and ← step; Home goes to the first. */
export type PresenterMove = 'reveal-or-next' | 'next' | 'previous' | 'first';

/** The move for a key, or none. `onButton`: the focus is on a button or link, which handles its own Space and Enter. */
export function presenterKey(key: string, onButton: boolean): PresenterMove | undefined {
	switch (key) {
		case ' ':
		case 'Enter':
			return onButton ? undefined : 'reveal-or-next';
		case 'ArrowRight':
		case 'PageDown':
		case 'n':
			return 'next';
		case 'ArrowLeft':
		case 'PageUp':
		case 'p':
			return 'previous';
		case 'Home':
			return 'first';
		default:
			return undefined;
	}
}

export class Presenter {
	readonly #setCode: SetCode;
	#started = $state(false);
	#index = $state(0);
	#revealed = $state(false);
	readonly #questions = $derived.by(() => this.#setCode.set?.questions ?? []);
	readonly #question = $derived.by(() => (this.#started ? this.#questions[this.#index] : undefined));
	readonly #choices = $derived.by(() =>
		this.#setCode.code && this.#question ? choicesInOrder(this.#setCode.code, this.#question) : []
	);

	constructor(setCode: SetCode) {
		this.#setCode = setCode;
	}

	/** The set code the class joins with. */
	get code(): string | undefined {
		return this.#setCode.code;
	}

	get started(): boolean {
		return this.#started;
	}

	/** The slide shown: 0 … total − 1 are the questions, total is the end slide. */
	get index(): number {
		return this.#index;
	}

	get total(): number {
		return this.#questions.length;
	}

	/** The question on the slide; none on the end slide (and before the start). */
	get question(): Question | undefined {
		return this.#question;
	}

	get choices(): Choice[] {
		return this.#choices;
	}

	/** Short choices (shields, emoji answers) sit two by two; sentences get the full width. */
	get shortChoices(): boolean {
		return this.#choices.every((c) => c.text().length <= 40);
	}

	/** Where the right answer is among the choices shown (-1 without a question). */
	get rightIndex(): number {
		const question = this.#question;
		return question ? this.#choices.findIndex((c) => c.id === question.correct) : -1;
	}

	/** The answer and its explanation are showing. */
	get revealed(): boolean {
		return this.#revealed;
	}

	/**
	 * Starts at the first slide, with the code typed in if there is one. Returns the set code, or nothing when the
	 * typed code does not exist (the field says so) or there is no set.
	 */
	start(): string | undefined {
		if (this.#setCode.input.trim() && !this.#setCode.useInput()) return undefined;
		const code = this.#setCode.code;
		if (!code) return undefined;
		this.#started = true;
		this.#index = 0;
		this.#revealed = false;
		return code;
	}

	/** Goes to slide `to` (kept within the set and its end slide); returns whether the slide changed. */
	go(to: number): boolean {
		const target = Math.max(0, Math.min(this.total, to));
		if (target === this.#index) return false;
		this.#index = target;
		this.#revealed = false;
		return true;
	}

	/** Shows the answer; returns whether it was hidden before. */
	reveal(): boolean {
		if (!this.#question || this.#revealed) return false;
		this.#revealed = true;
		return true;
	}
}
