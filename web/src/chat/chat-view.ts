// The 对话 tab: example questions for a first visit, the conversation (follow-ups send the history),
// the composer with 新对话 and the 高级 retrieval-mode selector, and the 回答依据 panel.
import type { AppContext } from '../app-context.js';
import { streamChat } from '../api/chat-stream.js';
import type { ChatAnswer, HistoryTurn, RetrievalMode } from '../api/types.js';
import { button, h, replaceChildren } from '../ui/dom.js';
import { MODE_NAMES, MODE_ORDER } from '../ui/labels.js';
import { ExchangeView } from './answer-view.js';
import { ProvenanceView } from './provenance-view.js';

/** One example per use case of the design card. */
const EXAMPLES: Array<{ kind: string; question: string }> = [
  { kind: '院士专家活动', question: '哪些园区科协邀请过院士？' },
  { kind: '共享合作方', question: '哪些园区科协和西安交通大学有关？' },
  { kind: '方案拟定', question: '我们园区想办一次院士专家进园区活动，请参考书里的案例帮我拟一个方案。' },
  { kind: '案例浏览', question: '“科学普及”篇收录了哪些园区科协的案例？' },
];

// The server's limits (src/http/http-types.ts): 500 characters a question, 20 turns of 4000.
const MAX_QUESTION = 500;
const MAX_TURNS = 20;
const MAX_TURN_CHARS = 4000;

export function createChatView(root: HTMLElement, context: AppContext): void {
  const provenance = new ProvenanceView(context);
  const conversation = h('div', { class: 'conversation', attrs: { 'aria-live': 'polite', 'aria-relevant': 'additions' } });
  const textarea = h('textarea', {
    class: 'question-input',
    attrs: { id: 'question', rows: 2, maxlength: MAX_QUESTION, placeholder: '输入问题，Enter 发送，Shift+Enter 换行', 'aria-label': '问题', autocomplete: 'off' },
  });
  const modeSelect = h('select', { attrs: { id: 'mode', 'aria-describedby': 'mode-hint' } }, ...MODE_ORDER.map((mode) => h('option', { attrs: { value: mode } }, MODE_NAMES[mode])));
  const send = h('button', { class: 'button button-primary', attrs: { type: 'submit' } }, '发送');
  const stop = button('停止', () => active?.abort(), { class: 'button', attrs: { hidden: true } });
  const fresh = button('新对话', () => newConversation(), { class: 'button button-ghost', attrs: { title: '清空当前对话，重新开始' } });
  const form = h(
    'form',
    { class: 'composer', attrs: { 'aria-label': '提问' } },
    textarea,
    h(
      'div',
      { class: 'composer-bar' },
      h('details', { class: 'advanced' }, h('summary', {}, '高级'), h('label', { attrs: { for: 'mode' } }, '检索模式 '), modeSelect, h('p', { class: 'hint', attrs: { id: 'mode-hint' } }, '默认“图谱增强”；其他模式用于对比检索效果。')),
      h('span', { class: 'spacer' }),
      fresh,
      stop,
      send,
    ),
  );
  root.append(h('div', { class: 'chat-layout' }, h('div', { class: 'chat-main' }, conversation, form), provenance.element));

  let history: HistoryTurn[] = [];
  let exchanges = 0;
  let active: AbortController | undefined;

  const welcome = () =>
    h(
      'div',
      { class: 'welcome' },
      h('h1', {}, '向《全国园区科协典型案例汇编》提问'),
      h('p', { class: 'lead' }, '回答只依据书中 53 个案例，每句话都标注出处；点击 [1] 这样的编号即可查看原文。可以接着追问，也可以让它参考案例拟定活动方案。'),
      h('h2', { class: 'examples-title' }, '试试这些问题'),
      h(
        'ul',
        { class: 'examples' },
        ...EXAMPLES.map((example) =>
          h('li', {}, button([h('span', { class: 'example-kind' }, example.kind), h('span', { class: 'example-question' }, example.question)], () => ask(example.question), { class: 'example' })),
        ),
      ),
    );

  const setBusy = (busy: boolean) => {
    send.disabled = busy;
    stop.hidden = !busy;
    textarea.setAttribute('aria-busy', String(busy));
  };

  const newConversation = () => {
    active?.abort();
    history = [];
    exchanges = 0;
    replaceChildren(conversation, welcome());
    provenance.reset();
    textarea.value = '';
    textarea.focus();
  };

  const ask = async (raw: string) => {
    const question = raw.trim().slice(0, MAX_QUESTION);
    if (question === '' || active) return;
    conversation.querySelector('.welcome')?.remove();
    exchanges += 1;
    const index = exchanges;
    const before = history.slice(-MAX_TURNS);
    const view: ExchangeView = new ExchangeView(question, index, context, {
      showProvenance: (answer, at) => {
        provenance.show(answer, at);
        if (window.matchMedia('(max-width: 1023px)').matches) provenance.element.scrollIntoView({ behavior: 'smooth', block: 'start' });
      },
      retry: () => {
        view.element.remove();
        exchanges -= 1;
        void ask(question);
      },
    });
    conversation.append(view.element);
    view.element.scrollIntoView({ block: 'start', behavior: 'smooth' });
    textarea.value = '';
    const controller = new AbortController();
    active = controller;
    setBusy(true);
    const mode = modeSelect.value as RetrievalMode;
    try {
      const answer: ChatAnswer = await streamChat(
        { question, ...(before.length > 0 ? { history: before } : {}), ...(mode === 'graph' ? {} : { mode }) },
        (soFar) => view.streamed(soFar),
        controller.signal,
      );
      view.finish(answer);
      provenance.show(answer, index);
      history = [...history, { role: 'user' as const, content: question }, { role: 'assistant' as const, content: answer.answer.slice(0, MAX_TURN_CHARS) }].slice(-MAX_TURNS);
    } catch (error) {
      // 新对话 aborts on purpose and has already cleared the conversation.
      if (controller.signal.aborted && !view.element.isConnected) return;
      view.fail(error);
    } finally {
      if (active === controller) active = undefined;
      setBusy(false);
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void ask(textarea.value);
  });
  textarea.addEventListener('keydown', (event) => {
    // Enter sends; Shift+Enter is a newline; Enter that confirms an IME candidate is left alone.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  replaceChildren(conversation, welcome());
}
