import ChooseReply from './ChooseReply.astro';
import FlipCards from './FlipCards.astro';
import KeyPoints from './KeyPoints.astro';
import ModelAudio from './ModelAudio.astro';
import PhraseCompare from './PhraseCompare.astro';
import ReorderSteps from './ReorderSteps.astro';
import Scenario from './Scenario.astro';

/** Components every lesson may use without importing them (see content/AUTHORING.md). */
export const mdxComponents = { Scenario, PhraseCompare, KeyPoints, ChooseReply, ReorderSteps, FlipCards, ModelAudio };
