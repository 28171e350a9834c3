import type { DataSource, SourceId } from '../types';
import { cnamDroits } from './cnam_droits';
import { cnamIj } from './cnam_ij';
import { cnousBoursier } from './cnous_boursier';
import { dssPrestations } from './dss_prestations';
import { familleNombreuse } from './famille_nombreuse';
import { franceTravailIndemnites } from './france_travail_indemnites';
import { franceTravailStatut } from './france_travail_statut';
import { impotParticulier } from './impot_particulier';
import { menScolarite } from './men_scolarite';
import { mesriStatutEtudiant } from './mesri_statut_etudiant';
import { cnafQuotientFamilial, msaQuotientFamilial } from './quotient_familial';

/** The twelve sources, in the order the extension lists them. */
export const SOURCES: Record<SourceId, DataSource> = {
  impot_particulier: impotParticulier,
  cnam_droits: cnamDroits,
  cnam_ij: cnamIj,
  mesri_statut_etudiant: mesriStatutEtudiant,
  cnous_boursier: cnousBoursier,
  dss_prestations: dssPrestations,
  cnaf_quotient_familial: cnafQuotientFamilial,
  msa_quotient_familial: msaQuotientFamilial,
  men_scolarite: menScolarite,
  france_travail_statut: franceTravailStatut,
  france_travail_indemnites: franceTravailIndemnites,
  famille_nombreuse: familleNombreuse,
};
