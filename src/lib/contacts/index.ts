export { Contacts, type ContactName, type ContactsOptions, type Persona, type TimerClock } from './contacts';
export {
	PERSONAS,
	PERSONA_KINDS,
	isPersonaKind,
	personaSpec,
	type PersonaChoice,
	type PersonaDefinition,
	type PersonaOptions,
	type PersonaSpec
} from './catalog';
export { DELAYS } from './persona';
export { LOCALES, phrase, suggestion, type Locale, type PhraseKey } from './phrases';
export { understand, type Intent } from './understand';
export type {
	CallInfo,
	ContactHost,
	ContactInfo,
	ContactWorld,
	DeviceRole,
	Nudge,
	PersonaKind,
	Progress,
	Suggestions
} from './types';
