import { lazy, Suspense } from 'react';
import { Link, Route, Switch, useRoute } from 'wouter';
import { AdminPage } from '../admin/admin-page';
import { FeedsPage } from '../feeds/feeds-page';
import { IncidentList } from '../incidents/incident-list';
import { IncidentPage } from '../incidents/incident-page';
import { useCan } from '../session/permissions';
import { SessionBadge, SessionNotice } from '../session/session-badge';
import { CheckingSession, SignInScreen } from '../session/sign-in-screen';
import { useStore } from '../store/store';
import { SupportPage } from '../support/support-page';
import { WallPage } from '../wall/wall-page';
import { ConnectionBanner } from './connection-banner';
import { ShortcutsHelp } from './shortcuts-help';

// Markdown rendering (marked, DOMPurify) is loaded only when a post-mortem is opened.
const PostmortemPage = lazy(() => import('../postmortem/postmortem-page'));

/** Nothing of the incidents renders (or is fetched) before the server has said who we are. */
export function App() {
  const status = useStore((s) => s.session.status);
  const [wall, params] = useRoute('/incidents/:id/wall');
  if (status === 'checking') return <CheckingSession />;
  if (status === 'signed-out') return <SignInScreen />;
  // The wall has no top bar, no links, no controls: the screen is the incident.
  if (wall) return <WallPage id={Number(params.id)} />;
  return <Shell />;
}

function Shell() {
  const admin = useCan('tokens.manage');
  return (
    <>
      <nav className="topbar">
        <Link href="/" className="topbar__brand">
          WARROOM
        </Link>
        <NavLink href="/feeds">Feeds</NavLink>
        {admin && <NavLink href="/admin">Admin</NavLink>}
        <ConnectionBanner />
        <SessionBadge />
      </nav>
      <SessionNotice />
      <ShortcutsHelp />
      <Switch>
        <Route path="/">
          <IncidentList />
        </Route>
        <Route path="/feeds">
          <FeedsPage />
        </Route>
        <Route path="/admin">
          <AdminPage />
        </Route>
        <Route path="/incidents/:id/support">{(params) => <SupportPage id={Number(params.id)} />}</Route>
        <Route path="/incidents/:id/postmortem">
          {(params) => (
            <Suspense fallback={<main className="page page--message">Loading the post-mortem…</main>}>
              <PostmortemPage id={Number(params.id)} />
            </Suspense>
          )}
        </Route>
        {/* One route for the room and its impact tab: switching between them keeps the room joined. */}
        <Route path="/incidents/:id/:view?">
          {(params) => <IncidentPage id={Number(params.id)} view={params.view === 'impact' ? 'impact' : 'room'} />}
        </Route>
        <Route>
          <main className="page page--message">
            Nothing here. <Link href="/">All incidents</Link>
          </main>
        </Route>
      </Switch>
    </>
  );
}

/** A top-bar link that says which page is open (to screen readers too: aria-current). */
function NavLink({ href, children }: { href: string; children: string }) {
  const [here] = useRoute(href);
  return (
    <Link href={href} className="topbar__link" aria-current={here ? 'page' : undefined}>
      {children}
    </Link>
  );
}
