import { NotFoundMessage } from "@/components/ui/not-found-message";

// Inside the console layout (which draws the navigation): a record a console page looked up is missing.
export default function ConsoleNotFound() {
  return <NotFoundMessage />;
}
