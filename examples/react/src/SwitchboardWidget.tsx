import { type BootSettings, createWidget, type Widget } from '@switchboard/widget';
import { useEffect, useRef, useState } from 'react';

/** Props of {@link SwitchboardWidget}: the boot settings plus callbacks for the events you need. */
export interface SwitchboardWidgetProps extends BootSettings {
  relayUrl: string;
  siteId: string;
  /** Called with the widget once it exists, e.g. to keep it in a ref for `open()`. */
  onReady?: (widget: Widget) => void;
  onUnread?: (count: number) => void;
}

/**
 * The widget as a React component: created on mount, destroyed on unmount (the visitor's session
 * survives, so remounting resumes the conversation). Renders nothing itself: the widget lives in
 * its own Shadow DOM at the end of <body>.
 * @example <SwitchboardWidget relayUrl="https://chat.example.com" siteId="demo" onUnread={setUnread} />
 */
export function SwitchboardWidget({ onReady, onUnread, ...settings }: SwitchboardWidgetProps) {
  const callbacks = useRef({ onReady, onUnread });
  callbacks.current = { onReady, onUnread };
  const { relayUrl, siteId, locale } = settings;
  useEffect(() => {
    const widget = createWidget({ relayUrl, siteId, ...(locale ? { locale } : {}) });
    const stop = widget.on('unread', ({ count }) => callbacks.current.onUnread?.(count));
    callbacks.current.onReady?.(widget);
    return () => {
      stop();
      widget.destroy();
    };
  }, [relayUrl, siteId, locale]);
  return null;
}

/** The widget for components that drive it (`widget?.open()`); null until mounted. */
export function useSwitchboard({
  relayUrl,
  siteId,
}: {
  relayUrl: string;
  siteId: string;
}): Widget | null {
  const [widget, setWidget] = useState<Widget | null>(null);
  useEffect(() => {
    const created = createWidget({ relayUrl, siteId });
    setWidget(created);
    return () => {
      setWidget(null);
      created.destroy();
    };
  }, [relayUrl, siteId]);
  return widget;
}
