// The tabs of the Coding view's bottom panel: coded segments, search and memos.
// Arrow keys move between them, as in any tab list.
export type BottomTab = 'segments' | 'search' | 'memos';

export function BottomTabs({ tab, onTab }: { tab: BottomTab; onTab: (t: BottomTab) => void }) {
  const tabs: Array<[BottomTab, string]> = [
    ['segments', 'Coded segments'],
    ['search', 'Search'],
    ['memos', 'Memos'],
  ];
  return (
    <div role="tablist" aria-label="Bottom panel" className="tabs">
      {tabs.map(([id, label], i) => (
        <button
          key={id}
          type="button"
          role="tab"
          aria-selected={tab === id}
          tabIndex={tab === id ? 0 : -1}
          className={`tab${tab === id ? ' active' : ''}`}
          onClick={() => onTab(id)}
          onKeyDown={(e) => {
            const next = e.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length] : e.key === 'ArrowLeft' ? tabs[(i + tabs.length - 1) % tabs.length] : null;
            if (next) {
              e.preventDefault();
              onTab(next[0]);
            }
          }}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
