import React, { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import {
  ActionGroup,
  Alert,
  Button,
  Form,
  FormGroup,
  ListItem,
  ListVariant,
  LoginFooterItem,
  LoginPage as PfLoginPage,
  TextInput,
} from '@patternfly/react-core';
import { errorMessage } from '../api/client';
import { useSession } from '../app/session';
import { useTheme } from '../app/ThemeContext';

/** Only a path of this console may follow sign-in (never another site). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login')) return '/workspaces';
  return next;
}

export function LoginPage() {
  const { me, signIn } = useSession();
  const { dark } = useTheme();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (me) return <Navigate to={next} replace />;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
      navigate(next, { replace: true });
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <PfLoginPage
      brandImgSrc={dark ? '/commander-logo-dark.svg' : '/commander-logo-light.svg'}
      brandImgAlt="Commander"
      loginTitle="Sign in to Commander"
      loginSubtitle="With the email and password of your Commander account"
      textContent="Commander describes each Kubernetes cluster once, as a versioned template with typed inputs, installs it and keeps it in that state — for a whole fleet, from one place."
      footerListVariants={ListVariant.inline}
      footerListItems={
        <ListItem>
          <LoginFooterItem href="/documentation">API documentation</LoginFooterItem>
        </ListItem>
      }
    >
      <Form onSubmit={submit} noValidate>
        {error ? <Alert variant="danger" isInline title={error} aria-live="polite" /> : null}
        <FormGroup label="Email" fieldId="login-email">
          <TextInput
            id="login-email"
            name="email"
            type="email"
            autoComplete="username"
            autoFocus
            isRequired
            value={email}
            onChange={(_e, v) => setEmail(v)}
            validated={error ? 'error' : 'default'}
          />
        </FormGroup>
        <FormGroup label="Password" fieldId="login-password">
          <TextInput
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            isRequired
            value={password}
            onChange={(_e, v) => setPassword(v)}
            validated={error ? 'error' : 'default'}
          />
        </FormGroup>
        <ActionGroup>
          <Button type="submit" variant="primary" isBlock isLoading={busy} isDisabled={busy || !email.trim() || !password}>
            Sign in
          </Button>
        </ActionGroup>
      </Form>
    </PfLoginPage>
  );
}
