import { Link, Route, Switch } from 'wouter';
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
        <ConnectionBanner />
      </nav>
      <Switch>
        <Route path="/">
          <IncidentList />
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
