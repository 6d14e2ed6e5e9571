import { createContext, lazy, Suspense, useContext } from 'react';
import { BrowserRouter, Navigate, Outlet, Route, Routes, useLocation, useParams } from 'react-router-dom';
import { PageSection } from '@patternfly/react-core';
import { SessionProvider, useSession } from './session';
import { ThemeProvider } from './ThemeContext';
import { AppLayout } from './AppLayout';
import { Loading, Empty, ErrorState } from '../components/States';
import { LoginPage } from '../pages/LoginPage';
import { WorkspacesPage } from '../pages/WorkspacesPage';
import { ClustersPage } from '../pages/ClustersPage';
import { ClusterPage } from '../pages/ClusterPage';
import { CreateClusterPage } from '../pages/CreateClusterPage';
import { TemplatesPage } from '../pages/TemplatesPage';
import { SettingsPage } from '../pages/SettingsPage';
import { AuditPage } from '../pages/AuditPage';
import { InventoryPage } from '../pages/InventoryPage';
import { CatalogPage } from '../pages/CatalogPage';
import { RegistriesPage } from '../pages/RegistriesPage';
import { AdminPage } from '../pages/AdminPage';

// The template editor brings CodeMirror: loaded when first opened.
const TemplatePage = lazy(() => import('../pages/TemplatePage'));
function LazyTemplatePage() {
  return (
    <Suspense fallback={<Loading what="the template editor" />}>
      <TemplatePage />
    </Suspense>
  );
}
import { NotFoundPage } from '../pages/NotFoundPage';
import type { Workspace } from '../api/types';

/** Signed-in pages only: anyone else goes to /login, and comes back here after signing in. */
function RequireSession() {
  const { me } = useSession();
  const location = useLocation();
  if (me === undefined) return <Loading what="session" />;
  if (me === null) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}

const WorkspaceContext = createContext<Workspace | null>(null);

/** The workspace of the route's :slug. */
export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error('useWorkspace outside a workspace route');
  return workspace;
}

function WorkspaceScope() {
  const { slug } = useParams();
  const { workspaces, workspacesError, reloadWorkspaces } = useSession();
  if (workspaces === undefined) return <Loading what="workspaces" />;
  const workspace = workspaces.find((w) => w.slug === slug);
  if (!workspace) {
    if (workspacesError) {
      return (
        <PageSection>
          <ErrorState title="Workspaces could not be read" message={workspacesError} onRetry={() => void reloadWorkspaces().catch(() => undefined)} />
        </PageSection>
      );
    }
    return (
      <PageSection>
        <Empty title="Workspace not found">
          There is no workspace <code>{slug}</code>, or you are not a member of it. <a href="/workspaces">See your workspaces</a>.
        </Empty>
      </PageSection>
    );
  }
  return (
    <WorkspaceContext.Provider value={workspace}>
      <Outlet />
    </WorkspaceContext.Provider>
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route element={<RequireSession />}>
        <Route element={<AppLayout />}>
          <Route index element={<Navigate to="/workspaces" replace />} />
          <Route path="workspaces" element={<WorkspacesPage />} />
          <Route path="workspaces/:slug" element={<WorkspaceScope />}>
            <Route index element={<Navigate to="clusters" replace />} />
            <Route path="clusters" element={<ClustersPage />} />
            <Route path="clusters/new" element={<CreateClusterPage />} />
            <Route path="clusters/:id" element={<ClusterPage tab="overview" />} />
            <Route path="clusters/:id/tasks" element={<ClusterPage tab="tasks" />} />
            <Route path="clusters/:id/tasks/:taskId" element={<ClusterPage tab="tasks" />} />
            <Route path="clusters/:id/resources/:view" element={<ClusterPage tab="resources" />} />
            <Route path="clusters/:id/:section" element={<ClusterPage tab="other" />} />
            <Route path="templates" element={<TemplatesPage />} />
            <Route path="templates/:id" element={<LazyTemplatePage />} />
            <Route path="inventory" element={<InventoryPage />} />
            <Route path="inventory/:catalogId" element={<CatalogPage />} />
            <Route path="registries" element={<RegistriesPage />} />
            <Route path="audit" element={<AuditPage />} />
            <Route path="settings/*" element={<SettingsPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
          <Route path="admin/*" element={<AdminPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}

export function App() {
  return (
    <ThemeProvider>
      <SessionProvider>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </SessionProvider>
    </ThemeProvider>
  );
}
