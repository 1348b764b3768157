/**
 * Focus that never falls to the page body. When the control that had focus inside a region (a dialog, the right
 * panel) disappears or is disabled because the content changed step ("Continue" → the Security Key, "Verify by
 * emoji" → the emoji), focus moves to the region's fallback (its heading) instead of being lost, so a keyboard or
 * screen-reader user stays where they were and Escape still reaches the dialog.
 */

const FOCUSABLE =
	'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Whether `el` can hold focus now: in the page, shown, enabled, not inert. */
export function canFocus(el: Element | null | undefined): el is HTMLElement {
	return (
		el instanceof HTMLElement &&
		el.isConnected &&
		!el.matches(':disabled') &&
		!el.closest('[inert]') &&
		el.getClientRects().length > 0
	);
}

/** The first control inside `root` that can take focus. */
export function firstFocusable(root: ParentNode): HTMLElement | undefined {
	return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].find((el) => canFocus(el) && el.tabIndex >= 0);
}

/**
 * Svelte action: while focus is inside `node`, a focused control that goes away (removed, disabled, hidden) hands
 * focus to `fallback()` (or the first control, or the node). Leaving the region on purpose is left alone.
 */
export function keepFocus(node: HTMLElement, fallback: () => HTMLElement | null | undefined) {
	let last: HTMLElement | null = null;
	const onfocusin = (e: FocusEvent) => {
		last = e.target instanceof HTMLElement ? e.target : null;
	};
	const check = () => {
		if (!last || node.closest('[inert]')) return;
		const active = document.activeElement;
		if (active && active !== document.body && active !== last) {
			if (!node.contains(active)) last = null;
			return;
		}
		if (canFocus(last) && active === last) return;
		if (canFocus(last) && active === document.body) {
			// Focus left for the page background (a click outside): not ours to take back.
			last = null;
			return;
		}
		last = null;
		const target = fallback();
		(canFocus(target) ? target : (firstFocusable(node) ?? node)).focus();
	};
	// Checked once per frame, not in the task that changed the content: `canFocus` reads the layout, and doing that
	// right after a world message re-rendered the panel forced a layout inside that task (a long task, issue 15 §4);
	// in the frame the layout is due anyway.
	let frame = 0;
	const observer = new MutationObserver(() => {
		frame ||= requestAnimationFrame(() => {
			frame = 0;
			check();
		});
	});
	observer.observe(node, {
		childList: true,
		subtree: true,
		attributes: true,
		attributeFilter: ['disabled', 'hidden', 'class', 'style']
	});
	node.addEventListener('focusin', onfocusin);
	return {
		destroy() {
			cancelAnimationFrame(frame);
			observer.disconnect();
			node.removeEventListener('focusin', onfocusin);
		}
	};
}

/**
 * Gives focus back to `opener` when a dialog closes; if it went away or cannot take focus (a switch that is now
 * locked, a toast that is gone), to the dialog around it or the nearest control of the part of the page it was in.
 */
export function returnFocus(opener: HTMLElement | null, ancestors: Element[]): void {
	if (canFocus(opener)) {
		opener.focus();
		if (document.activeElement === opener) return;
	}
	const dialog = opener?.isConnected
		? opener.closest<HTMLElement>('[role="dialog"], [role="alertdialog"]')
		: undefined;
	if (dialog) {
		(dialog.querySelector<HTMLElement>('h2[tabindex="-1"]') ?? dialog).focus();
		return;
	}
	for (const ancestor of ancestors) {
		if (!ancestor.isConnected) continue;
		const near = firstFocusable(ancestor);
		if (near) {
			near.focus();
			return;
		}
	}
}

/** The chain of an element's ancestors, nearest first (kept to find a place near it if it goes away). */
export function ancestorsOf(el: Element | null): Element[] {
	const chain: Element[] = [];
	for (let e = el?.parentElement; e && e !== document.body; e = e.parentElement) chain.push(e);
	return chain;
}

// The last control that had focus, and where it sat: a button that opens a dialog may go away as it does so
// ("Continue" on a toast that closes), leaving focus on the body by the time the dialog opens.
let lastFocused: HTMLElement | null = null;
let lastChain: Element[] = [];
if (typeof document !== 'undefined') {
	document.addEventListener(
		'focusin',
		(e) => {
			if (e.target instanceof HTMLElement && e.target !== document.body) {
				lastFocused = e.target;
				lastChain = ancestorsOf(e.target);
			}
		},
		true
	);
}

/** What opened a dialog that opens now: the focused control, or the last one if focus already fell to the body. */
export function focusOrigin(): { opener: HTMLElement | null; around: Element[] } {
	const active = document.activeElement;
	if (active instanceof HTMLElement && active !== document.body) {
		return { opener: active, around: ancestorsOf(active) };
	}
	return { opener: lastFocused, around: lastChain };
}
