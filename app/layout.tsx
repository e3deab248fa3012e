import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { StoreProvider } from '@/lib/store/store-provider';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Convene', template: '%s · Convene' },
  description: 'Rooms for classes, meetings and events: members, messages and live room state.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: '#0f766e',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        <StoreProvider>{children}</StoreProvider>
      </body>
    </html>
  );
}
