import { Component } from 'react';
import type { ErrorInfo as ReactErrorInfo, ReactNode } from 'react';
import i18next from 'i18next';

interface State {
  error: Error | null;
}

/** Turns a render crash into a full-page message with Reload, instead of a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ReactErrorInfo): void {
    // The console is the renderer's log; main has no channel for renderer crashes yet.
    console.error('Capstan renderer crashed', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="fullpage" role="alert">
        <div className="fullpage__box">
          <h1 className="fullpage__title">{i18next.t('errors.crashTitle')}</h1>
          <p className="fullpage__text">{i18next.t('errors.crashText')}</p>
          <pre className="fullpage__detail">{this.state.error.message}</pre>
          <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
            {i18next.t('errors.reload')}
          </button>
        </div>
      </div>
    );
  }
}
