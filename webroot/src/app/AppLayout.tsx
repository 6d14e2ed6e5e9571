import React, { useState } from 'react';
import { Outlet, useLocation, useNavigate, useParams } from 'react-router-dom';
import {
  Button,
  Divider,
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadLogo,
  MastheadMain,
  MastheadToggle,
  MenuToggle,
  Nav,
  NavGroup,
  NavItem,
  Page,
  PageSidebar,
  PageSidebarBody,
  PageToggleButton,
  Select,
  SelectList,
  SelectOption,
  SkipToContent,
  ToggleGroup,
  ToggleGroupItem,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
  Tooltip,
} from '@patternfly/react-core';
import SunIcon from '@patternfly/react-icons/dist/esm/icons/sun-icon';
import MoonIcon from '@patternfly/react-icons/dist/esm/icons/moon-icon';
import DesktopIcon from '@patternfly/react-icons/dist/esm/icons/desktop-icon';
import ExternalLinkAltIcon from '@patternfly/react-icons/dist/esm/icons/external-link-alt-icon';
import SignOutAltIcon from '@patternfly/react-icons/dist/esm/icons/sign-out-alt-icon';
import UserIcon from '@patternfly/react-icons/dist/esm/icons/user-icon';
import { useSession } from './session';
import { useTheme } from './ThemeContext';
import type { ThemeChoice } from './theme';

/** A plain click on a link goes through the router; modified clicks (new tab, window) are the browser's. */
export function followLink(event: React.MouseEvent, to: string, navigate: (to: string) => void): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(to);
}

/** The sections of a workspace, in the order of the sidebar. */
export const WORKSPACE_SECTIONS = [
  { path: 'clusters', title: 'Clusters' },
  { path: 'templates', title: 'Templates' },
  { path: 'inventory', title: 'Inventory' },
  { path: 'registries', title: 'Registries' },
  { path: 'audit', title: 'Audit log' },
  { path: 'settings', title: 'Settings' },
] as const;

function Logo() {
  return (
    <span className="commander-logo">
      <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
        <rect width="32" height="32" rx="6" className="commander-logo__tile" />
        <path d="M9 10h14v3H9zm0 5h14v3H9zm0 5h9v3H9z" className="commander-logo__mark" />
      </svg>
      <span className="commander-logo__text">Commander</span>
    </span>
  );
}

function WorkspaceSwitcher() {
  const { workspaces } = useSession();
  const { slug } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const current = workspaces?.find((w) => w.slug === slug);

  const select = (value: string | number | undefined) => {
    setOpen(false);
    if (value === '__all__') {
      navigate('/workspaces');
      return;
    }
    if (typeof value !== 'string' || value === slug) return;
    // Stay in the same section when switching: clusters of one workspace → clusters of the other.
    const section = /^\/workspaces\/[^/]+\/([^/]+)/.exec(location.pathname)?.[1] ?? 'clusters';
    navigate(`/workspaces/${value}/${section}`);
  };

  return (
    <Select
      isOpen={open}
      selected={slug}
      onSelect={(_e, value) => select(value as string)}
      onOpenChange={setOpen}
      toggle={(ref) => (
        <MenuToggle ref={ref} onClick={() => setOpen(!open)} isExpanded={open} aria-label="Workspace" className="commander-workspace-toggle">
          {current ? current.name : 'Select a workspace'}
        </MenuToggle>
      )}
      shouldFocusToggleOnSelect
    >
      <SelectList aria-label="Workspaces">
        {(workspaces ?? []).map((w) => (
          <SelectOption key={w.id} value={w.slug} description={w.slug}>
            {w.name}
          </SelectOption>
        ))}
      </SelectList>
      <Divider />
      <SelectList>
        <SelectOption value="__all__">All workspaces…</SelectOption>
      </SelectList>
    </Select>
  );
}

function ThemeSwitch() {
  const { choice, setChoice } = useTheme();
  const items: { value: ThemeChoice; label: string; icon: React.ReactNode }[] = [
    { value: 'light', label: 'Light theme', icon: <SunIcon /> },
    { value: 'dark', label: 'Dark theme', icon: <MoonIcon /> },
    { value: 'system', label: 'Theme of the system', icon: <DesktopIcon /> },
  ];
  return (
    <ToggleGroup aria-label="Theme" isCompact>
      {items.map((item) => (
        <Tooltip key={item.value} content={item.label} position="bottom">
          <ToggleGroupItem
            icon={item.icon}
            aria-label={item.label}
            buttonId={`theme-${item.value}`}
            isSelected={choice === item.value}
            onChange={() => setChoice(item.value)}
          />
        </Tooltip>
      ))}
    </ToggleGroup>
  );
}

function Header() {
  const { me, signOut } = useSession();
  const navigate = useNavigate();
  const { slug } = useParams();
  const home = slug ? `/workspaces/${slug}/clusters` : '/workspaces';
  return (
    <Masthead>
      <MastheadMain>
        <MastheadToggle>
          <PageToggleButton isHamburgerButton aria-label="Navigation" />
        </MastheadToggle>
        <MastheadBrand>
          <MastheadLogo component="a" href={home} onClick={(e: React.MouseEvent) => followLink(e, home, navigate)}>
            <Logo />
          </MastheadLogo>
        </MastheadBrand>
      </MastheadMain>
      <MastheadContent>
        <Toolbar isFullHeight isStatic>
          <ToolbarContent>
            <ToolbarItem>
              <WorkspaceSwitcher />
            </ToolbarItem>
            <ToolbarGroup align={{ default: 'alignEnd' }} gap={{ default: 'gapMd' }} alignItems="center">
              <ToolbarItem>
                <Button variant="link" component="a" href="/documentation" target="_blank" rel="noopener" icon={<ExternalLinkAltIcon />} iconPosition="end">
                  API documentation
                </Button>
              </ToolbarItem>
              <ToolbarItem>
                <ThemeSwitch />
              </ToolbarItem>
              <ToolbarItem>
                <span className="commander-user" title={me?.email}>
                  <UserIcon /> {me?.name ?? me?.email}
                </span>
              </ToolbarItem>
              <ToolbarItem>
                <Button
                  variant="secondary"
                  icon={<SignOutAltIcon />}
                  onClick={() => {
                    void signOut().finally(() => navigate('/login'));
                  }}
                >
                  Sign out
                </Button>
              </ToolbarItem>
            </ToolbarGroup>
          </ToolbarContent>
        </Toolbar>
      </MastheadContent>
    </Masthead>
  );
}

/** A NavItem that is a router link, marked current when its path is. */
function RouterNavItem({ to, children, end = false }: { to: string; children: React.ReactNode; end?: boolean }) {
  const location = useLocation();
  const navigate = useNavigate();
  const active = end ? location.pathname === to : location.pathname === to || location.pathname.startsWith(to + '/');
  // A real link (open in a new tab works); a plain click navigates inside the app.
  return (
    <NavItem to={to} isActive={active} preventDefault onClick={() => navigate(to)}>
      {children}
    </NavItem>
  );
}

function Sidebar() {
  const { slug } = useParams();
  const { me, workspaces } = useSession();
  const name = workspaces?.find((w) => w.slug === slug)?.name;
  return (
    <PageSidebar>
      <PageSidebarBody>
        <Nav aria-label="Sections">
          {slug ? (
            <NavGroup title={name ?? slug}>
              {WORKSPACE_SECTIONS.map((s) => (
                <RouterNavItem key={s.path} to={`/workspaces/${slug}/${s.path}`}>
                  {s.title}
                </RouterNavItem>
              ))}
            </NavGroup>
          ) : null}
          <NavGroup title="Commander">
            <RouterNavItem to="/workspaces" end>
              Workspaces
            </RouterNavItem>
            {me?.global_role === 'admin' ? <RouterNavItem to="/admin">Administration</RouterNavItem> : null}
          </NavGroup>
        </Nav>
      </PageSidebarBody>
    </PageSidebar>
  );
}

/** The frame of every signed-in page: masthead, sidebar, content. */
export function AppLayout() {
  return (
    <Page
      masthead={<Header />}
      sidebar={<Sidebar />}
      isManagedSidebar
      skipToContent={<SkipToContent href="#main-content">Skip to content</SkipToContent>}
      mainContainerId="main-content"
    >
      <Outlet />
    </Page>
  );
}
