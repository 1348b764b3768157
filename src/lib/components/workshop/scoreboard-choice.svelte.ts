/**
 * The learner's "Keep my name off the scoreboard", remembered in the browser. The workshop's progress report carries
 * it (`LearnerProgress.anonymous`): whoever sends the report reads `anonymous` and listens with `onChange` to send
 * a fresh report when the learner changes their mind.
 */
import { readItem, writeItem } from '$lib/i18n/site-storage';

export const ANONYMOUS_KEY = 'e2ee-trainer.workshop-anonymous';

export class ScoreboardChoice {
	#anonymous = $state(false);
	#loaded = false;
	#listeners: ((anonymous: boolean) => void)[] = [];

	get anonymous(): boolean {
		if (!this.#loaded) {
			this.#loaded = true;
			this.#anonymous = readItem(ANONYMOUS_KEY) === 'true';
		}
		return this.#anonymous;
	}

	set anonymous(value: boolean) {
		this.#loaded = true;
		if (value === this.#anonymous) return;
		this.#anonymous = value;
		writeItem(ANONYMOUS_KEY, String(value));
		for (const listener of this.#listeners) listener(value);
	}

	/** Called with the new choice each time it changes; returns the function that stops listening. */
	onChange(listener: (anonymous: boolean) => void): () => void {
		this.#listeners = [...this.#listeners, listener];
		return () => {
			this.#listeners = this.#listeners.filter((l) => l !== listener);
		};
	}
}

/** The tab's choice. */
export const scoreboardChoice = new ScoreboardChoice();
