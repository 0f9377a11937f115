import { Component, type ErrorInfo, type ReactNode } from 'react';

/**
 * Keeps one page's rendering failure from blanking the whole app: event data can be shaped in ways no
 * one foresaw, and the navigation should survive it. Keyed by the URL in the shell, so moving on resets it.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('page failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="page-state error" role="alert">
        <strong>This page failed to render.</strong> {this.state.error.message}
      </div>
    );
  }
}
