// A few realistic vendor profiles. OUIs are the vendors' registered IEEE prefixes.
export interface VendorProfile {
  manufacturer: string;
  oui: string;
  productClass: string;
  modelName: string;
  hardwareVersions: string[];
  softwareVersions: string[];
  /** prefix of serial numbers, followed by hex digits */
  serialPrefix: string;
  /** TR-181 BulkData over HTTP (STBs): false = the ACS has to poll this model's statistics */
  bulkData?: boolean;
}

export const DNG_VENDORS: readonly VendorProfile[] = [
  {
    manufacturer: "Sagemcom",
    oui: "C0D044",
    productClass: "FAST5670",
    modelName: "F@st 5670",
    hardwareVersions: ["1.0", "1.1"],
    softwareVersions: ["SG5670-4.12.2", "SG5670-4.14.0"],
    serialPrefix: "SG",
  },
  {
    manufacturer: "Technicolor",
    oui: "00147F",
    productClass: "DGA4132",
    modelName: "DGA4132",
    hardwareVersions: ["VCNT-A"],
    softwareVersions: ["20.3.c.0389", "20.4.0.0412"],
    serialPrefix: "CP",
  },
  {
    manufacturer: "AVM",
    oui: "3810D5",
    productClass: "FRITZ!Box",
    modelName: "FRITZ!Box 7590",
    hardwareVersions: ["226"],
    softwareVersions: ["154.07.57", "154.07.29"],
    serialPrefix: "AV",
  },
];

export const STB_VENDORS: readonly VendorProfile[] = [
  {
    manufacturer: "Arris",
    oui: "001CC3",
    productClass: "VIP5202",
    modelName: "VIP5202W",
    hardwareVersions: ["B1"],
    softwareVersions: ["3.1.12", "3.2.4"],
    serialPrefix: "M1",
    bulkData: true,
  },
  {
    manufacturer: "Kaon",
    oui: "D0C7C0",
    productClass: "KSTB6077",
    modelName: "KSTB6077",
    hardwareVersions: ["1.0"],
    softwareVersions: ["6077.2.8.1", "6077.2.9.0"],
    serialPrefix: "KA",
    bulkData: true,
  },
  {
    manufacturer: "Amino",
    oui: "000202",
    productClass: "Kamai7",
    modelName: "Kamai 7X",
    hardwareVersions: ["A7X-2"],
    softwareVersions: ["19.6.5", "19.7.1"],
    serialPrefix: "AM",
    bulkData: false,
  },
];
