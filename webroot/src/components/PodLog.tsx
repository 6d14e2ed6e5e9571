// A pod's log in a modal: the last lines of a container, and with "Follow" what it writes next, streamed
// through the cluster's agent until stopped or closed.

import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  CodeBlock,
  CodeBlockCode,
  FormSelect,
  FormSelectOption,
  Label,
  Modal,
  ModalBody,
  ModalHeader,
  Switch,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { appendLog, consoleFailure, streamPodLog, type Pod } from '../api/console';
import { ApiError } from '../api/client';

const TAILS = [100, 500, 2000];

export function PodLogModal({ clusterId, pod, onClose }: { clusterId: string; pod: Pod; onClose: () => void }) {
  const [container, setContainer] = useState(pod.containers[0]?.name ?? '');
  const [tail, setTail] = useState(500);
  const [follow, setFollow] = useState(true);
  const [running, setRunning] = useState(true);
  const [autoScroll, setAutoScroll] = useState(true);
  const [text, setText] = useState('');
  const [state, setState] = useState<'reading' | 'ended' | 'stopped' | 'failed'>('reading');
  const [failure, setFailure] = useState<string | null>(null);
  const box = useRef<HTMLPreElement>(null);

  useEffect(() => {
    if (!running) {
      setState('stopped');
      return undefined;
    }
    setText('');
    setFailure(null);
    setState('reading');
    // Text is gathered and drawn once a frame, so a chatty container does not re-render per chunk.
    let pending = '';
    let frame: number | null = null;
    const flush = () => {
      frame = null;
      const chunk = pending;
      pending = '';
      if (chunk) setText((old) => appendLog(old, chunk));
    };
    const stop = streamPodLog(clusterId, pod.namespace, pod.name, { container: container || undefined, tailLines: tail, follow }, {
      onText: (t) => {
        pending += t;
        if (frame === null) frame = requestAnimationFrame(flush);
      },
      onEnd: (error) => {
        flush();
        if (error) {
          const f = consoleFailure(error instanceof ApiError ? error.status : null, error.message);
          setFailure(f.kind === 'disconnected' ? `The cluster's agent is not connected: ${f.message}` : f.message);
          setState('failed');
        } else {
          setState('ended');
        }
      },
    });
    return () => {
      stop();
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [clusterId, pod.namespace, pod.name, container, tail, follow, running]);

  useEffect(() => {
    const el = box.current;
    if (el && autoScroll) el.scrollTop = el.scrollHeight;
  }, [text, autoScroll]);

  const stateLabel =
    state === 'reading' ? (
      <Label color="blue" isCompact>
        {follow ? 'following' : 'reading'}
      </Label>
    ) : state === 'ended' ? (
      <Label color="grey" isCompact>
        {follow ? 'the stream ended' : 'end of the log'}
      </Label>
    ) : state === 'stopped' ? (
      <Label color="orange" isCompact>
        stopped
      </Label>
    ) : (
      <Label color="red" isCompact>
        failed
      </Label>
    );

  return (
    <Modal variant="large" isOpen onClose={onClose} aria-labelledby="pod-log-title">
      <ModalHeader title={`Log of ${pod.name}`} labelId="pod-log-title" description={`namespace ${pod.namespace}${pod.node ? ` · node ${pod.node}` : ''}`} />
      <ModalBody>
        <Toolbar inset={{ default: 'insetNone' }}>
          <ToolbarContent>
            {pod.containers.length > 1 ? (
              <ToolbarItem>
                <FormSelect id="pod-log-container" aria-label="Container" value={container} onChange={(_e, v) => setContainer(v)}>
                  {pod.containers.map((c) => (
                    <FormSelectOption key={c.name} value={c.name} label={`container ${c.name}`} />
                  ))}
                </FormSelect>
              </ToolbarItem>
            ) : (
              <ToolbarItem alignSelf="center">
                <span className="commander-muted">container {container}</span>
              </ToolbarItem>
            )}
            <ToolbarItem>
              <FormSelect id="pod-log-tail" aria-label="Lines" value={String(tail)} onChange={(_e, v) => setTail(Number(v))}>
                {TAILS.map((n) => (
                  <FormSelectOption key={n} value={String(n)} label={`last ${n} lines`} />
                ))}
              </FormSelect>
            </ToolbarItem>
            <ToolbarItem alignSelf="center">
              <Switch id="pod-log-follow" label="Follow" isChecked={follow} onChange={(_e, v) => setFollow(v)} />
            </ToolbarItem>
            <ToolbarItem alignSelf="center">
              <Checkbox id="pod-log-scroll" label="Auto-scroll" isChecked={autoScroll} onChange={(_e, v) => setAutoScroll(v)} />
            </ToolbarItem>
            <ToolbarItem>
              {running ? (
                <Button variant="secondary" onClick={() => setRunning(false)}>
                  Stop
                </Button>
              ) : (
                <Button variant="secondary" onClick={() => setRunning(true)}>
                  Resume
                </Button>
              )}
            </ToolbarItem>
            <ToolbarItem alignSelf="center">{stateLabel}</ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        {failure ? <Alert variant="danger" isInline title={`The log could not be read: ${failure}`} className="pf-v6-u-mb-sm" /> : null}
        <CodeBlock className="commander-log">
          <CodeBlockCode>
            <pre
              ref={box}
              className="commander-log__lines commander-pod-log"
              tabIndex={0}
              aria-label="Pod log"
              aria-live="off"
              onScroll={(e) => {
                // Scrolling up to read pauses the auto-scroll; back at the end resumes it.
                const el = e.currentTarget;
                const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - 8;
                if (atEnd !== autoScroll) setAutoScroll(atEnd);
              }}
            >
              {text || (state === 'reading' ? 'Waiting for the first line…' : state === 'failed' ? '' : 'The container wrote nothing.')}
            </pre>
          </CodeBlockCode>
        </CodeBlock>
      </ModalBody>
    </Modal>
  );
}
