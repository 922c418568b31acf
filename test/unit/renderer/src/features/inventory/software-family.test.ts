import { describe, expect, it } from 'vitest';
import { familyOfKeyword } from '../../../../../../renderer/src/features/inventory/software-family';

describe('keyword → software family', () => {
  it.each([
    ['java', 'Java'],
    ['Java 17', 'Java'],
    ['jdk', 'Java'],
    ['jdk8', 'Java'],
    ['jre', 'Java'],
    ['openjdk-17-jre-headless', 'Java'],
    ['java-11-amazon-corretto', 'Java'],
    ['corretto', 'Java'],
    ['temurin', 'Java'],
    ['zulu', 'Java'],
    ['nginx', 'Web server'],
    ['httpd', 'Web server'],
    ['apache', 'Web server'],
    ['apache2', 'Web server'],
    ['IIS', 'Web server'],
    ['postgres', 'Database'],
    ['postgresql-15', 'Database'],
    ['mysql', 'Database'],
    ['MariaDB', 'Database'],
    ['sql server', 'Database'],
    ['Microsoft SQL  Server 2019', 'Database'],
    ['tomcat', 'Application server'],
    ['tomcat9', 'Application server'],
    ['jenkins', 'Application server'],
    ['apache tomcat', 'Application server'],
  ])('%j names %s', (keyword, family) => {
    expect(familyOfKeyword(keyword)).toBe(family);
  });

  it.each(['javascript', 'nodejs', 'openssl', 'KB5034441', 'sqlite', 'sql', 'server', 'jquery', 'apachectl-docs', 'amazon-ssm-agent', '', '   '])(
    '%j names no family (looks alike or is something else)',
    (keyword) => {
      expect(familyOfKeyword(keyword)).toBeNull();
    },
  );
});
