import { Link, Route, Switch, useRoute } from 'wouter';
import { FeedsPage } from '../feeds/feeds-page';
import { IncidentList } from '../incidents/incident-list';
import { IncidentPage } from '../incidents/incident-page';
import { ConnectionBanner } from './connection-banner';

export function App() {
  return (
    <>
      <nav className="topbar">
        <Link href="/" className="topbar__brand">
          WARROOM
        </Link>
        <NavLink href="/feeds">Feeds</NavLink>
        <ConnectionBanner />
      </nav>
      <Switch>
        <Route path="/">
          <IncidentList />
        </Route>
        <Route path="/feeds">
          <FeedsPage />
        </Route>
        <Route path="/incidents/:id">{(params) => <IncidentPage id={Number(params.id)} />}</Route>
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
