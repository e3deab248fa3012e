import type { Metadata } from 'next';
import { LobbyScreen } from '@/components/app/lobby-screen';

export const metadata: Metadata = { title: 'Lobby' };

export default function LobbyPage() {
  return <LobbyScreen />;
}
