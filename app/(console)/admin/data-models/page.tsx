import type { Metadata } from "next";
import { DataModelImportForm } from "@/components/admin/datamodel-import-form";
import { DataModelImports } from "@/components/admin/datamodel-imports";
import { DataModelLookup } from "@/components/admin/datamodel-lookup";
import { Forbidden } from "@/components/ui/forbidden";
import { requirePermission } from "@/server/auth/session";

export const metadata: Metadata = { title: "Data models" };

export default async function DataModelsPage() {
  const { allowed } = await requirePermission("/admin/data-models", "datamodel.manage");
  if (!allowed) return <Forbidden what="manage data models" />;
  return (
    <div className="space-y-8">
      <section aria-labelledby="datamodels-heading" className="space-y-4">
        <div>
          <h1 id="datamodels-heading" className="text-xl font-semibold text-slate-900">
            Data models
          </h1>
          <p className="text-sm text-slate-600">
            The console knows TR-098, TR-181 and TR-135. Import a vendor&apos;s data model XML (BBF DM schema)
            to label and validate its extension parameters too.
          </p>
        </div>
        <DataModelImportForm />
        <DataModelImports />
      </section>
      <DataModelLookup />
    </div>
  );
}
