import { actions, isInputError } from 'astro:actions';
import type { PracticeGrade } from '../../domain/progress/practice-checks.ts';
import type { PracticeAnswer } from '../../domain/progress/practice-schema.ts';
import type { LessonStatus } from '../../domain/progress/service.ts';
import { onLessonStatus, setLessonStatus } from './lesson-state.ts';

/** Detail of the `practice:result` event a practice check dispatches on window once the server has graded it. */
export interface PracticeResult {
  id: string;
  /** Whether the check counts as passed for the signed-in learner (null for visitors: nothing is recorded). */
  passed: boolean | null;
  /** The learner's lesson status after the answer (null for visitors). */
  status: LessonStatus | null;
}

/**
 * Send an answer to the server, which grades it (the answers are not in the page) and, for a signed-in
 * learner, records the result. Returns the grade, or a Chinese message to show when it could not be graded.
 */
async function submitPractice(
  lesson: string,
  id: string,
  answer: PracticeAnswer,
): Promise<{ grade: PracticeGrade } | { error: string }> {
  try {
    const { data, error } = await actions.checkPractice({ lesson, checkId: id, answer });
    if (error) return { error: isInputError(error) ? '答案格式不正确，请刷新页面后重试。' : error.message };
    if (data.status) setLessonStatus(data.status);
    window.dispatchEvent(
      new CustomEvent<PracticeResult>('practice:result', { detail: { id, passed: data.passed, status: data.status } }),
    );
    return { grade: data.grade };
  } catch {
    return { error: '网络连接中断，暂时无法批改。请恢复连接后再提交。' };
  }
}

/** A paragraph with a bold lead and the rest as text (never HTML: feedback comes from the server as text). */
function message(className: string, lead: string, rest = ''): HTMLParagraphElement {
  const p = document.createElement('p');
  p.className = className;
  if (lead) {
    const strong = document.createElement('strong');
    strong.textContent = lead;
    p.append(strong);
  }
  p.append(rest);
  return p;
}

/**
 * <practice-check data-kind data-lesson data-practice>: a practice check rendered at build time (public view only,
 * src/components/lesson/*.astro) and made interactive here without any framework. The server grades every answer;
 * a check the signed-in learner has already passed shows as passed when the page is opened again.
 */
class PracticeCheck extends HTMLElement {
  private busy = false;
  private answered = false;

  connectedCallback() {
    if (this.dataset.ready) return;
    const kind = this.dataset.kind;
    if (kind === 'choose-reply') this.setUpChoose();
    else if (kind === 'reorder-steps') this.setUpReorder();
    else if (kind === 'flip-cards') this.setUpFlip();
    onLessonStatus((status) => {
      if (!this.answered && !this.dataset.passed && status.passedChecks.includes(this.checkId)) this.showPassedBefore();
    });
    this.dataset.ready = 'true';
  }

  private get checkId() {
    return this.dataset.practice ?? '';
  }
  private get lesson() {
    return this.dataset.lesson ?? '';
  }
  private get feedback() {
    return this.querySelector<HTMLElement>('.practice-feedback')!;
  }
  private say(...nodes: (Node | string)[]) {
    this.feedback.replaceChildren(...nodes);
  }
  private error(text: string) {
    this.say(message('bad', '', text));
  }

  /** Shown on arrival for a check passed on an earlier visit (the answers themselves are not kept). */
  private showPassedBefore() {
    this.dataset.passed = 'true';
    this.say(message('ok', '✓ 已通过。', '您之前已完成这个练习，结果已记录；可以再做一次复习。'));
    if (this.dataset.kind === 'flip-cards') {
      const count = this.querySelectorAll('.flip-card').length;
      this.say(message('ok', '✓ 已通过。', `您之前已翻看全部 ${count} 张卡片，结果已记录；可以再翻看复习。`));
    }
  }

  private setUpChoose() {
    const form = this.querySelector('form')!;
    const submit = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
    const radios = [...form.querySelectorAll<HTMLInputElement>('input[type=radio]')];
    const picked = () => radios.findIndex((r) => r.checked);
    const clearMarks = () => radios.forEach((r) => r.closest('label')!.classList.remove('is-right', 'is-wrong'));
    submit.disabled = picked() < 0;
    for (const radio of radios) {
      radio.addEventListener('change', () => {
        clearMarks();
        this.say();
        submit.disabled = this.busy || picked() < 0;
      });
    }
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const option = picked();
      if (option < 0 || this.busy) return;
      this.busy = true;
      submit.disabled = true;
      submit.textContent = '正在批改…';
      const answer = await submitPractice(this.lesson, this.checkId, { kind: 'choose-reply', option });
      this.busy = false;
      submit.disabled = false;
      submit.textContent = '提交答案';
      if ('error' in answer) return this.error(answer.error);
      if (answer.grade.kind !== 'choose-reply') return;
      this.answered = true;
      const { passed, feedback } = answer.grade;
      clearMarks();
      radios[option]!.closest('label')!.classList.add(passed ? 'is-right' : 'is-wrong');
      this.say(
        message(
          passed ? 'ok' : 'bad',
          passed ? '回答正确。' : '还可以更好。',
          `${feedback}${passed ? '' : ' 请再选一次。'}`,
        ),
      );
    });
  }

  private setUpReorder() {
    const list = this.querySelector<HTMLOListElement>('.reorder-list')!;
    const check = this.querySelector<HTMLButtonElement>('[data-check-order]')!;
    const items = () => [...list.querySelectorAll<HTMLLIElement>(':scope > li')];
    const refresh = () => {
      items().forEach((li, i, all) => {
        li.querySelector<HTMLButtonElement>('[data-move="-1"]')!.disabled = i === 0;
        li.querySelector<HTMLButtonElement>('[data-move="1"]')!.disabled = i === all.length - 1;
      });
    };
    const clearMarks = () => items().forEach((li) => li.classList.remove('is-right', 'is-wrong'));
    list.addEventListener('click', (e) => {
      const button = (e.target as Element).closest<HTMLButtonElement>('button[data-move]');
      if (!button) return;
      const li = button.closest('li')!;
      const all = items();
      const from = all.indexOf(li);
      const to = from + Number(button.dataset.move);
      if (to < 0 || to >= all.length) return;
      if (to < from) list.insertBefore(li, all[to]!);
      else list.insertBefore(li, all[to]!.nextSibling);
      clearMarks();
      refresh();
      button.focus();
      const hint = document.createElement('span');
      hint.className = 'visually-hidden';
      hint.textContent = `「${li.querySelector('.step-text')!.textContent}」已移到第 ${to + 1} 位`;
      this.say(hint);
    });
    refresh();
    check.disabled = false;
    check.addEventListener('click', async () => {
      if (this.busy) return;
      this.busy = true;
      check.disabled = true;
      check.textContent = '正在批改…';
      const order = items().map((li) => Number(li.dataset.step));
      const answer = await submitPractice(this.lesson, this.checkId, { kind: 'reorder-steps', order });
      this.busy = false;
      check.disabled = false;
      check.textContent = '检查顺序';
      if ('error' in answer) return this.error(answer.error);
      if (answer.grade.kind !== 'reorder-steps') return;
      this.answered = true;
      const { passed, wrongPositions } = answer.grade;
      items().forEach((li, i) => {
        li.classList.remove('is-right', 'is-wrong');
        li.classList.add(wrongPositions.includes(i) ? 'is-wrong' : 'is-right');
      });
      this.say(
        passed
          ? message('ok', '', '顺序完全正确。')
          : message('bad', '', `有 ${wrongPositions.length} 步的位置不对，标红的步骤需要调整。`),
      );
    });
  }

  private setUpFlip() {
    const cards = [...this.querySelectorAll<HTMLButtonElement>('.flip-card')];
    const fronts = cards.map((c) => c.querySelector('.flip-text')!.textContent ?? '');
    const backs: (string | null)[] = cards.map(() => null);
    const progress = () => {
      const seen = backs.filter((b) => b !== null).length;
      this.say(`已翻看 ${seen} / ${cards.length} 张${seen === cards.length ? '，全部完成。' : ''}`);
    };
    cards.forEach((card, i) => {
      card.disabled = false;
      card.addEventListener('click', async () => {
        if (backs[i] === null) {
          const answer = await submitPractice(this.lesson, this.checkId, { kind: 'flip-cards', card: i });
          if ('error' in answer) return this.error(answer.error);
          if (answer.grade.kind !== 'flip-cards') return;
          backs[i] = answer.grade.back;
          this.answered = true;
        }
        const flipped = card.getAttribute('aria-pressed') !== 'true';
        card.setAttribute('aria-pressed', String(flipped));
        card.classList.toggle('is-flipped', flipped);
        card.querySelector('.flip-side')!.textContent = flipped ? '答案' : '提示';
        card.querySelector('.flip-text')!.textContent = flipped ? backs[i]! : fronts[i]!;
        progress();
      });
    });
  }
}

if (!customElements.get('practice-check')) customElements.define('practice-check', PracticeCheck);
