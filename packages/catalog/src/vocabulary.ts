/**
 * Closed controlled vocabularies. Every facet value the catalog can hold is listed here with its
 * English and Simplified Chinese label, so the UI, the CLI and search never invent a label.
 * Adding a value is a reviewed change: extend the table, nothing else.
 */

export interface Label {
  en: string;
  zh: string;
}

function vocabulary<const T extends Record<string, Label>>(table: T) {
  const values = Object.keys(table) as [keyof T & string, ...(keyof T & string)[]];
  return { labels: table, values };
}

export const MODALITY = vocabulary({
  ct: { en: 'CT', zh: 'CT' },
  mri: { en: 'MRI', zh: '磁共振' },
  pet: { en: 'PET', zh: 'PET' },
  spect: { en: 'SPECT', zh: 'SPECT' },
  xray: { en: 'X-ray (radiography)', zh: 'X 光' },
  mammography: { en: 'Mammography', zh: '乳腺 X 线摄影' },
  ultrasound: { en: 'Ultrasound', zh: '超声' },
  endoscopy: { en: 'Endoscopy', zh: '内窥镜' },
  histopathology: { en: 'Histopathology', zh: '组织病理' },
  cytology: { en: 'Cytology / blood smear', zh: '细胞学 / 血涂片' },
  microscopy: { en: 'Light / fluorescence microscopy', zh: '光学 / 荧光显微' },
  fundus: { en: 'Fundus photography', zh: '眼底照相' },
  oct: { en: 'OCT', zh: '光学相干断层扫描 (OCT)' },
  dermoscopy: { en: 'Dermoscopy', zh: '皮肤镜' },
  'clinical-photo': { en: 'Clinical photography', zh: '临床照片' },
  text: { en: 'Text (reports, captions, Q&A)', zh: '文本（报告、描述、问答）' },
  genomics: { en: 'Genomics / omics', zh: '基因组 / 组学' },
  'clinical-data': { en: 'Clinical data', zh: '临床数据' },
});

export const TASK = vocabulary({
  classification: { en: 'Classification', zh: '分类' },
  segmentation: { en: 'Segmentation', zh: '分割' },
  detection: { en: 'Detection', zh: '检测' },
  grading: { en: 'Grading', zh: '分级' },
  regression: { en: 'Regression / prediction', zh: '回归 / 预测' },
  prognosis: { en: 'Prognosis / survival', zh: '预后 / 生存' },
  'treatment-response': { en: 'Treatment response', zh: '疗效评估' },
  registration: { en: 'Registration', zh: '配准' },
  reconstruction: { en: 'Reconstruction', zh: '重建' },
  'cell-tracking': { en: 'Cell tracking', zh: '细胞追踪' },
  counting: { en: 'Counting', zh: '计数' },
  'imaging-genomics': { en: 'Imaging genomics', zh: '影像基因组学' },
  vqa: { en: 'Visual question answering', zh: '视觉问答' },
  captioning: { en: 'Captioning / report generation', zh: '图像描述 / 报告生成' },
  'vision-language': { en: 'Vision-language pretraining', zh: '视觉-语言预训练' },
  generation: { en: 'Image generation / synthesis', zh: '图像生成 / 合成' },
  'domain-generalization': { en: 'Domain generalization', zh: '域泛化' },
  benchmark: { en: 'Model evaluation / benchmark', zh: '模型评测 / 基准' },
});

export const ANATOMY = vocabulary({
  brain: { en: 'Brain', zh: '脑' },
  'head-neck': { en: 'Head and neck', zh: '头颈' },
  eye: { en: 'Eye / retina', zh: '眼 / 视网膜' },
  chest: { en: 'Chest', zh: '胸部' },
  lung: { en: 'Lung', zh: '肺' },
  heart: { en: 'Heart', zh: '心脏' },
  breast: { en: 'Breast', zh: '乳腺' },
  'lymph-node': { en: 'Lymph node', zh: '淋巴结' },
  abdomen: { en: 'Abdomen', zh: '腹部' },
  liver: { en: 'Liver', zh: '肝脏' },
  kidney: { en: 'Kidney', zh: '肾脏' },
  pancreas: { en: 'Pancreas', zh: '胰腺' },
  spleen: { en: 'Spleen', zh: '脾脏' },
  esophagus: { en: 'Esophagus', zh: '食管' },
  stomach: { en: 'Stomach', zh: '胃' },
  colorectum: { en: 'Colon / rectum', zh: '结直肠' },
  'gi-tract': { en: 'Gastrointestinal tract', zh: '胃肠道' },
  prostate: { en: 'Prostate', zh: '前列腺' },
  bladder: { en: 'Bladder', zh: '膀胱' },
  uterus: { en: 'Uterus / cervix', zh: '子宫 / 宫颈' },
  ovary: { en: 'Ovary', zh: '卵巢' },
  thyroid: { en: 'Thyroid', zh: '甲状腺' },
  skin: { en: 'Skin', zh: '皮肤' },
  bone: { en: 'Bone / musculoskeletal', zh: '骨骼 / 肌肉骨骼' },
  knee: { en: 'Knee', zh: '膝关节' },
  hand: { en: 'Hand / wrist', zh: '手 / 腕' },
  spine: { en: 'Spine', zh: '脊柱' },
  vessels: { en: 'Blood vessels', zh: '血管' },
  blood: { en: 'Blood / blood cells', zh: '血液 / 血细胞' },
  fetus: { en: 'Fetus', zh: '胎儿' },
  'soft-tissue': { en: 'Soft tissue', zh: '软组织' },
  'whole-body': { en: 'Whole body', zh: '全身' },
  'multi-organ': { en: 'Multiple organs / pan-cancer', zh: '多器官 / 泛癌种' },
  cells: { en: 'Cells (cultured / nuclei)', zh: '细胞（培养 / 细胞核）' },
});

export const DIMENSIONALITY = vocabulary({
  '2d': { en: '2D', zh: '二维' },
  '3d': { en: '3D', zh: '三维' },
  '4d': { en: '4D', zh: '四维' },
  video: { en: 'Video', zh: '视频' },
  'whole-slide': { en: 'Whole-slide', zh: '全切片' },
});

export const FILE_FORMAT = vocabulary({
  png: { en: 'PNG', zh: 'PNG' },
  jpeg: { en: 'JPEG', zh: 'JPEG' },
  tiff: { en: 'TIFF', zh: 'TIFF' },
  bmp: { en: 'BMP', zh: 'BMP' },
  gif: { en: 'GIF', zh: 'GIF' },
  ppm: { en: 'PPM', zh: 'PPM' },
  svs: { en: 'Aperio SVS', zh: 'Aperio SVS' },
  ndpi: { en: 'Hamamatsu NDPI', zh: 'Hamamatsu NDPI' },
  mrxs: { en: 'MIRAX (MRXS)', zh: 'MIRAX (MRXS)' },
  nifti: { en: 'NIfTI', zh: 'NIfTI' },
  dicom: { en: 'DICOM', zh: 'DICOM' },
  mhd: { en: 'MetaImage (MHD/RAW)', zh: 'MetaImage (MHD/RAW)' },
  nrrd: { en: 'NRRD', zh: 'NRRD' },
  analyze: { en: 'Analyze 7.5 (HDR/IMG)', zh: 'Analyze 7.5 (HDR/IMG)' },
  hdf5: { en: 'HDF5', zh: 'HDF5' },
  npz: { en: 'NumPy NPZ', zh: 'NumPy NPZ' },
  npy: { en: 'NumPy NPY', zh: 'NumPy NPY' },
  mat: { en: 'MATLAB MAT', zh: 'MATLAB MAT' },
  mp4: { en: 'MP4', zh: 'MP4' },
  avi: { en: 'AVI', zh: 'AVI' },
  csv: { en: 'CSV', zh: 'CSV' },
  json: { en: 'JSON', zh: 'JSON' },
  xml: { en: 'XML', zh: 'XML' },
  txt: { en: 'Plain text', zh: '纯文本' },
  parquet: { en: 'Parquet', zh: 'Parquet' },
  tfrecord: { en: 'TFRecord', zh: 'TFRecord' },
  pt: { en: 'PyTorch tensors (.pt)', zh: 'PyTorch 张量 (.pt)' },
  other: { en: 'Other', zh: '其他' },
});

export const ACCESS = vocabulary({
  open: { en: 'Open download', zh: '公开下载' },
  registration: { en: 'Registration required', zh: '需注册' },
  application: { en: 'Application / data-use agreement', zh: '需申请 / 数据使用协议' },
  unavailable: { en: 'Unavailable', zh: '无法获取' },
});

export const COUNT_UNIT = vocabulary({
  images: { en: 'images', zh: '张图像' },
  volumes: { en: 'volumes', zh: '个体数据' },
  cases: { en: 'cases', zh: '例' },
  patients: { en: 'patients', zh: '名患者' },
  slides: { en: 'slides', zh: '张切片' },
  videos: { en: 'videos', zh: '段视频' },
  patches: { en: 'patches', zh: '个图块' },
  pairs: { en: 'image-text pairs', zh: '对图文' },
  studies: { en: 'studies', zh: '项检查' },
  annotations: { en: 'annotations', zh: '个标注' },
});

export const LINK_KIND = vocabulary({
  official: { en: 'Official page', zh: '官方主页' },
  download: { en: 'Download', zh: '下载' },
  mirror: { en: 'Mirror', zh: '镜像' },
  paper: { en: 'Paper', zh: '论文' },
  code: { en: 'Code', zh: '代码' },
  challenge: { en: 'Challenge', zh: '挑战赛' },
});

export type Modality = (typeof MODALITY.values)[number];
export type Task = (typeof TASK.values)[number];
export type Anatomy = (typeof ANATOMY.values)[number];
export type Dimensionality = (typeof DIMENSIONALITY.values)[number];
export type FileFormat = (typeof FILE_FORMAT.values)[number];
export type Access = (typeof ACCESS.values)[number];
export type CountUnit = (typeof COUNT_UNIT.values)[number];
export type LinkKind = (typeof LINK_KIND.values)[number];
