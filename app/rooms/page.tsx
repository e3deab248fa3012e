import type { Metadata } from 'next';
import { WorkspaceScreen } from '@/components/app/workspace-screen';

export const metadata: Metadata = { title: 'Rooms' };

export default function RoomsPage() {
  return <WorkspaceScreen />;
}
