// The app shell: tabs (对话 / 图谱 / 案例库) driven by the URL hash, the shared case reader, the
// readiness banner, and lazy creation of the graph explorer (cytoscape loads with it).
import './styles.css';
import type { AppContext, ReaderTarget, TabName } from './app-context.js';
import { listCases } from './api/client.js';
import type { CaseRecord } from './api/types.js';
import { createCaseLibrary } from './cases/case-library.js';
import { CaseReader } from './cases/case-reader.js';
import { createChatView } from './chat/chat-view.js';
import type { Explorer } from './graph/explorer-view.js';
import { watchReadiness } from './ui/readiness-banner.js';

const TABS: TabName[] = ['chat', 'graph', 'cases'];
const TITLES: Record<TabName, string> = { chat: '对话', graph: '图谱', cases: '案例库' };

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`index.html lacks #${id}`);
  return found;
}

let recordsPromise: Promise<CaseRecord[]> | undefined;
let explorer: Explorer | undefined;
let explorerPromise: Promise<Explorer> | undefined;

const context: AppContext = {
  navigate(tab) {
    location.hash = `#/${tab}`;
  },
  openReader(target: ReaderTarget) {
    void reader.open(target);
  },
  showEntity(id) {
    location.hash = `#/graph?entity=${encodeURIComponent(id)}`;
  },
  caseRecords() {
    recordsPromise ??= listCases().catch((error: unknown) => {
      recordsPromise = undefined;
      throw error;
    });
    return recordsPromise;
  },
};

const reader = new CaseReader(context);
createChatView(element('view-chat'), context);
const library = createCaseLibrary(element('view-cases'), context);

function loadExplorer(): Promise<Explorer> {
  explorerPromise ??= import('./graph/explorer-view.js').then(async (module) => {
    explorer = await module.createExplorer(element('view-graph'), context);
    return explorer;
  });
  return explorerPromise;
}

/** Parses `#/graph?entity=…` into the tab and its parameters; unknown hashes mean the chat. */
function parseHash(): { tab: TabName; params: URLSearchParams } {
  const [path = '', query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const tab = (TABS as string[]).includes(path) ? (path as TabName) : 'chat';
  return { tab, params: new URLSearchParams(query) };
}

async function route(): Promise<void> {
  const { tab, params } = parseHash();
  for (const name of TABS) {
    element(`view-${name}`).hidden = name !== tab;
    const link = document.querySelector<HTMLAnchorElement>(`.tab[data-tab="${name}"]`);
    if (link) {
      if (name === tab) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  }
  document.title = `${TITLES[tab]} · 园区科协案例知识图谱`;
  if (tab === 'cases') library.show();
  if (tab === 'graph') {
    const ready = await loadExplorer();
    ready.show();
    const entity = params.get('entity');
    if (entity) await ready.focusEntity(entity);
  }
}

window.addEventListener('hashchange', () => void route());
void route();
watchReadiness(element('banner'));

/** Test and debugging handle: the explorer's cytoscape instance once the graph tab was opened. */
declare global {
  interface Window {
    __parkKg?: { readonly cy: unknown; readonly explorerReady: boolean };
  }
}
window.__parkKg = {
  get cy() {
    return explorer?.canvas?.cy;
  },
  get explorerReady() {
    return explorer !== undefined;
  },
};
