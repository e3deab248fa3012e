import { SignInScreen } from '@/components/app/sign-in-screen';

export default function SignInPage() {
  return <SignInScreen />;
}
