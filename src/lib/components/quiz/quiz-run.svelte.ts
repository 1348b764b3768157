/**
 * The learner's run through a quiz set (self-study): the question asked, the choice picked, the check, the score
 * and the wrong ones to review and retry. The rules are `$lib/quiz/session`'s pure functions; this class keeps a
 * run in `$state` for the screens. Focus and scrolling stay in the components.
 */
import {
	answer,
	answerTo,
	current,
	isOver,
	next,
	score,
	startRun,
	wrongQuestions,
	type Answer,
	type Run
} from '$lib/quiz/session';
import { choicesInOrder } from '$lib/quiz/sets';
import type { Choice, Question } from '$lib/quiz/types';

export class QuizRun {
	readonly #onFinished: ((score: { right: number; total: number }) => void) | undefined;
	#run = $state<Run>();
	#code = $state('');
	#mustChoose = $state(false);
	readonly #question = $derived.by(() => (this.#run ? current(this.#run) : undefined));
	readonly #choices = $derived.by(() => (this.#question ? choicesInOrder(this.#code, this.#question) : []));
	/** The choice picked for the current question (not yet checked). */
	selected = $state<string>();

	/** `onFinished`: told the score when a run ends (the page passes it on to the progress stream). */
	constructor(onFinished?: (score: { right: number; total: number }) => void) {
		this.#onFinished = onFinished;
	}

	/** Whether a run has begun (the start screen shows until then). */
	get running(): boolean {
		return this.#run !== undefined;
	}

	/** The set code that orders the choices. */
	get code(): string {
		return this.#code;
	}

	/** The question being asked; none once the run is over. */
	get question(): Question | undefined {
		return this.#question;
	}

	/** The current question's choices, in the order of the set. */
	get choices(): Choice[] {
		return this.#choices;
	}

	/** 1-based number of the current question. */
	get number(): number {
		return (this.#run?.position ?? 0) + 1;
	}

	/** How many questions the run asks. */
	get total(): number {
		return this.#run?.questions.length ?? 0;
	}

	/** How many have been answered and gone past (for the progress bar). */
	get done(): number {
		return this.#run?.position ?? 0;
	}

	/** The current question's answer has been checked: its explanation shows and the choices are locked. */
	get checked(): boolean {
		return this.#run?.checked ?? false;
	}

	/** The current question's checked answer. */
	get given(): Answer | undefined {
		return this.#question && this.#run ? answerTo(this.#run, this.#question.id) : undefined;
	}

	/** "Check" was pressed without a choice. */
	get mustChoose(): boolean {
		return this.#mustChoose;
	}

	get over(): boolean {
		return this.#run ? isOver(this.#run) : false;
	}

	get score(): { right: number; total: number } {
		return this.#run ? score(this.#run) : { right: 0, total: 0 };
	}

	/** The questions answered wrongly, in the order they were asked. */
	get wrong(): Question[] {
		return this.#run ? wrongQuestions(this.#run) : [];
	}

	/** The answer given to a question of this run. */
	answerTo(question: Question): Answer | undefined {
		return this.#run ? answerTo(this.#run, question.id) : undefined;
	}

	/** Starts a run through `questions` (a whole set, or its wrong ones again), with the choices in `code`'s order. */
	begin(code: string, questions: readonly Question[]): void {
		this.#code = code;
		this.#run = startRun(questions);
		this.selected = undefined;
		this.#mustChoose = false;
	}

	/** Back to the start screen. */
	stop(): void {
		this.#run = undefined;
	}

	/** Checks the picked choice; returns whether it was checked (without a choice the learner is told to pick one). */
	check(): boolean {
		if (!this.#run || !this.selected) {
			this.#mustChoose = true;
			return false;
		}
		this.#run = answer(this.#run, this.selected);
		return true;
	}

	/** Goes on to the next question (or the score), once the current one is checked. */
	goOn(): void {
		if (!this.#run) return;
		const wasOver = isOver(this.#run);
		this.#run = next(this.#run);
		this.selected = undefined;
		this.#mustChoose = false;
		if (!wasOver && isOver(this.#run)) this.#onFinished?.(score(this.#run));
	}
}
