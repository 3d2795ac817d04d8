import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { ExportsIndicator } from '@/components/export/ExportsIndicator';
import './globals.css';

export const metadata: Metadata = {
  title: 'Stillroom',
  description: 'Browse and curate the frames of a moviegoer film library.',
};

export const viewport: Viewport = { colorScheme: 'dark', themeColor: '#0f0f11' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#results">
          Skip to results
        </a>
        <header className="masthead">
          <a href="/" className="wordmark">
            Stillroom
          </a>
          <span className="tagline">frames of your film library</span>
          <ExportsIndicator />
        </header>
        {children}
      </body>
    </html>
  );
}
