import { useMemo } from 'preact/hooks';
import { en } from '../../i18n/en.js';
import { customerThread } from '../../store/callbacks.js';
import { myReview, needsWrapUp } from '../../store/quality.js';
import {
  cutOffPhone,
  inboxCounts,
  inboxSections,
  isUnread,
  myOffers,
  readingArticle,
  summaryFor,
  threadItems,
  typingName,
} from '../../store/selectors.js';
import { ContextPanel } from '../../views/inbox/ContextPanel.js';
import { ConversationView } from '../../views/inbox/ConversationView.js';
import { Inbox } from '../../views/inbox/Inbox.js';
import { OfferCards } from '../../views/inbox/OfferCards.js';
import { useWorkspace } from '../workspace-context.js';

/** The inbox (`#/`, `#/c/<id>`): the list with my offers, the open conversation, its visitor. */
export function InboxArea() {
  const w = useWorkspace();
  const { state, client, me, at, supervisor, departmentName: nameOf } = w;
  const { dispositions, qaCriteria } = state.quality;
  const counts = useMemo(() => inboxCounts(state), [state]);
  const sections = inboxSections(state, w.filter).map((section) => ({
    id: section.id,
    rows: section.conversations.map((summary) => ({
      summary,
      unread: isUnread(state, summary),
      needsWrapUp: needsWrapUp(summary, me.id, dispositions),
    })),
  }));
  const selected = state.selectedId ? summaryFor(state, state.selectedId) : undefined;
  const others = (state.routing?.agents ?? []).filter((a) => a.id !== me.id);
  return (
    <>
      <Inbox
        sections={sections}
        filter={w.filter}
        counts={counts}
        selectedId={state.selectedId}
        agentId={me.id}
        now={at}
        departmentName={nameOf}
        onFilter={w.setFilter}
        onOpen={w.open}
        onTake={(id) => void w.thenOpen(id, client.assign(id, me.id))}
      >
        <OfferCards
          offers={myOffers(state, at)}
          now={at}
          departmentName={nameOf}
          onAccept={(id) => void w.thenOpen(id, client.acceptOffer(id))}
          onDecline={(id) => void client.declineOffer(id).then((r) => w.report(r))}
        />
      </Inbox>
      <main class="workspace__main">
        {selected ? (
          <ConversationView
            key={selected.id}
            summary={selected}
            items={threadItems(state, selected.id)}
            loaded={state.threads[selected.id]?.loaded ?? false}
            typingName={typingName(state, selected.id, at)}
            notice={state.notice}
            draft={w.drafts[selected.id] ?? ''}
            readOnly={!state.inbox[selected.id]}
            departmentName={selected.routing ? nameOf(selected.routing.departmentId) : null}
            supervisor={supervisor}
            canned={state.canned}
            departments={w.departments}
            agents={others}
            onDraft={(text) => w.setDraft(selected.id, text)}
            onSend={(text, mode) => client.send(selected.id, text, mode)}
            onTyping={() => client.typing(selected.id)}
            onStopTyping={() => client.stopTyping(selected.id)}
            onClose={() => void client.close(selected.id)}
            onTransfer={(to, note) => client.transfer(selected.id, to, note)}
            cutOffPhone={cutOffPhone(state, selected.id)}
            onCallBack={() => client.createCallback(selected.id)}
            dispositions={dispositions}
            needsWrapUp={needsWrapUp(selected, me.id, dispositions)}
            onWrapUp={(wrapUp, close) => client.wrapUp(selected.id, wrapUp, { close })}
            qaCriteria={supervisor ? qaCriteria : []}
            previousReview={myReview(state.quality, selected.id, me.id)}
            onReview={async (scores, comment) => {
              const result = await client.saveReview(selected.id, scores, comment);
              // The roll-up and the prefill follow the saved review.
              if (result.ok) void client.qaReviews();
              return result;
            }}
          />
        ) : (
          <div class="workspace__empty">
            {w.notice}
            <p>{en.conversation.none}</p>
          </div>
        )}
      </main>
      {selected && (
        <ContextPanel
          summary={selected}
          now={at}
          history={customerThread(state, selected.visitor.id, selected.id)}
          article={readingArticle(state, selected.id)}
          onOpen={w.open}
        />
      )}
    </>
  );
}
